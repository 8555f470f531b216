import ArgumentParser
import Hindsight
import HindsightServer
import HindsightStore

extension HindsightCommand {
    /// `hindsight token`: the server's API tokens.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, list and revoke the tokens 'hindsight serve' accepts.",
            subcommands: [Create.self, List.self, Revoke.self])

        /// `hindsight token create NAME [--format FORMAT]`.
        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a token and print it once (only its hash is stored).",
                discussion: """
                    The token is the bearer token and the HMAC secret for GitHub signatures (you paste it \
                    into the webhook's Secret field); the whsec_ secret printed with it is the same secret \
                    for Standard Webhooks senders. Producers that make their own secret (Sentry's client \
                    secret, a PagerDuty v3 subscription's secret, a Standard Webhooks sender's whsec_ key): \
                    pipe it in with --signing-secret-stdin, and signatures are checked with it. With --format \
                    the token may only post to /v1/hooks/FORMAT and cannot read.
                    """)

            @OptionGroup var store: StoreOptions
            @OptionGroup var keys: KeyFileOptions

            @Argument(help: ArgumentHelp("A name for the token: letters, digits, '.', '_' or '-'.", valueName: "name"))
            var name: String

            @Option(help: ArgumentHelp("Limit the token to one webhook format: \(HookFormat.all.map(\.name).joined(separator: ", ")).", valueName: "format"))
            var format: String?

            @Flag(help: "Read the producer's own signing secret from standard input (one line).")
            var signingSecretStdin = false

            func validate() throws {
                guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                    throw ValidationError("token name '\(name)' must be 1 to 64 letters, digits, '.', '_' or '-'")
                }
                if let format, HookFormat.named(format) == nil { throw ValidationError("--format: \(ServerError.unknownFormat(format))") }
            }

            func run() async throws {
                var secret: String?
                if signingSecretStdin {
                    guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !line.isEmpty else {
                        throw ValidationError("--signing-secret-stdin: standard input holds no secret; pipe the producer's secret in")
                    }
                    secret = line
                }
                let eventStore = try store.openOrCreate()
                let created = try runtime {
                    let vault = try TokenVault.open(store: eventStore, keyFile: keys.path(for: eventStore), create: true)
                    return try vault.create(name: name, format: format, now: ServerSettings.systemClock(), signingSecret: secret)
                }
                print("token \(created.name)\(created.format.map { " (only /v1/hooks/\($0))" } ?? ""):")
                print("  \(created.token)")
                if let whsec = created.standardWebhooksSecret {
                    print("Standard Webhooks secret (the same secret):")
                    print("  \(whsec)")
                } else {
                    print("Signatures are checked with the producer's secret you gave; the token above is for Authorization: Bearer.")
                }
                print("Shown once: only its hash is stored. Revoke it with 'hindsight token revoke \(created.name)'.")
            }
        }

        /// `hindsight token list`.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens (names, formats, dates; never the tokens).")

            @OptionGroup var store: StoreOptions

            @Flag(help: "Print JSON.")
            var json = false

            func run() async throws {
                let tokens = try runtime { try store.open().tokens() }
                if json {
                    print(
                        JSONWriter.array(
                            tokens.map { t in
                                var w = JSONWriter()
                                w.string("name", t.name)
                                w.string("format", t.format)
                                w.string("created_at", t.createdAt.rfc3339)
                                w.string("revoked_at", t.revokedAt?.rfc3339)
                                return w.finished()
                            }))
                    return
                }
                guard !tokens.isEmpty else {
                    print("No tokens. Create one with 'hindsight token create NAME'.")
                    return
                }
                var table = TextTable(["NAME", "FORMAT", "CREATED", "STATUS"])
                for t in tokens {
                    table.add([t.name, t.format ?? "any", t.createdAt.rfc3339, t.revokedAt.map { "revoked \($0.rfc3339)" } ?? "active"])
                }
                print(table.render())
            }
        }

        /// `hindsight token revoke NAME`.
        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "Revoke a token: the server refuses it from the next request on.")

            @OptionGroup var store: StoreOptions

            @Argument(help: ArgumentHelp("The token's name.", valueName: "name"))
            var name: String

            func run() async throws {
                try runtime { try store.open().revokeToken(name, at: ServerSettings.systemClock()) }
                print("revoked \(name)")
            }
        }
    }
}
