import ArgumentParser
import Hindsight
import HindsightFormats
import HindsightServer
import HindsightStore

extension HindsightCommand {
    /// `hindsight token`: the server's API tokens.
    struct Token: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create, list, rotate and revoke the tokens 'hindsight serve' accepts.",
            discussion: """
                Scopes: read (pages, GET API, the guard's gates), write (also ingest and team actions), admin \
                (also token management from the site). A token made with --format posts only to its hook.
                """,
            subcommands: [Create.self, List.self, Rotate.self, Revoke.self])

        /// `hindsight token create NAME [--scope read|write|admin] [--expires 90d] [--format FORMAT]`.
        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a token and print it once (only its hash is stored).",
                discussion: """
                    The token is the bearer token and the HMAC secret for GitHub signatures (you paste it \
                    into the webhook's Secret field); the whsec_ secret printed with it is the same secret \
                    for Standard Webhooks senders. Producers that make their own secret (Sentry's client \
                    secret, a PagerDuty v3 subscription's secret, a Standard Webhooks sender's whsec_ key): \
                    pipe it in with --signing-secret-stdin, and signatures are checked with it. Without \
                    --scope the token reads (pages, GET API, gates); --scope write also ingests and acts on \
                    incidents; --scope admin also manages tokens from the site. With --format the token may \
                    only post to /v1/hooks/FORMAT and cannot read.
                    """)

            @OptionGroup var store: StoreOptions
            @OptionGroup var keys: KeyFileOptions

            @Argument(help: ArgumentHelp("A name for the token: letters, digits, '.', '_' or '-'.", valueName: "name"))
            var name: String

            @Option(help: ArgumentHelp("What it may do: read (the default), write or admin.", valueName: "scope"))
            var scope: TokenScope?

            @Option(help: ArgumentHelp("Refuse it after this long: 90d, 12h (default: until revoked).", valueName: "duration"))
            var expires: TimeSpan?

            @Option(help: ArgumentHelp("Limit the token to one webhook format: \(HookFormat.all.map(\.name).joined(separator: ", ")).", valueName: "format"))
            var format: String?

            @Flag(help: "Read the producer's own signing secret from standard input (one line).")
            var signingSecretStdin = false

            func validate() throws {
                guard !name.isEmpty, name.count <= 64, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                    throw ValidationError("token name '\(name)' must be 1 to 64 letters, digits, '.', '_' or '-'")
                }
                if let format, HookFormat.named(format) == nil {
                    // A [[mapping]] of the store's hindsight.toml has a hook of its own too.
                    let mappings = (try? HindsightConfig.forStore(explicit: nil, storePath: store.path))?.adapters.mappings ?? []
                    guard HookFormat.named(format, mappings: mappings) != nil else {
                        throw ValidationError("--format: \(ServerError.unknownFormat(format, mappings: mappings.map(\.name)))")
                    }
                }
                if format != nil, let scope, scope != .write {
                    throw ValidationError("--scope \(scope.rawValue) with --format: a format token only posts to its hook; leave out --scope")
                }
                try validateLifetime(expires, option: "--expires")
            }

            func run() async throws {
                let secret = signingSecretStdin ? try readSecret() : nil
                let eventStore = try store.openOrCreate()
                let now = ServerSettings.systemClock()
                let scope = format == nil ? (self.scope ?? .read) : .write
                let created = try runtime {
                    let vault = try TokenVault.open(store: eventStore, keyFile: keys.path(for: eventStore), create: true)
                    return try vault.create(
                        name: name, scope: scope, format: format, expiresAt: expires.map { now + $0 }, now: now, signingSecret: secret)
                }
                let limits = created.format.map { "only /v1/hooks/\($0)" } ?? "scope \(scope.rawValue)"
                print("token \(created.name) (\(limits)\(expires.map { ", expires \((now + $0).rfc3339)" } ?? "")):")
                printSecrets(created)
                print("Shown once: only its hash is stored. Revoke it with 'hindsight token revoke \(created.name)'.")
            }
        }

        /// `hindsight token rotate NAME [--grace 24h] [--expires 90d]`.
        struct Rotate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Give a token a new secret; the old one keeps working for a grace period.",
                discussion: """
                    Prints the new token once. The old secret stays valid, as a bearer token and for \
                    signatures, until the grace period ends, so producers can be switched over one by one. A \
                    second rotation ends the previous one's grace at once. A token whose signatures a \
                    producer's own secret makes keeps that secret unless --signing-secret-stdin gives a new one.
                    """)

            @OptionGroup var store: StoreOptions
            @OptionGroup var keys: KeyFileOptions

            @Argument(help: ArgumentHelp("The token's name.", valueName: "name"))
            var name: String

            @Option(help: ArgumentHelp("How long the old secret stays valid: 24h (the default), 7d, 0s.", valueName: "duration"))
            var grace: TimeSpan = .hours(24)

            @Option(help: ArgumentHelp("A new lifetime from now: 90d (default: keep its expiry).", valueName: "duration"))
            var expires: TimeSpan?

            @Flag(help: "Read the producer's new signing secret from standard input (one line).")
            var signingSecretStdin = false

            func validate() throws {
                guard grace.milliseconds >= 0 else { throw ValidationError("--grace must not be negative") }
                try validateLifetime(expires, option: "--expires")
            }

            func run() async throws {
                let secret = signingSecretStdin ? try readSecret() : nil
                let eventStore = try store.open()
                let now = ServerSettings.systemClock()
                let current = try runtime { try eventStore.tokens().first { $0.name == name && $0.revokedAt == nil } }
                if expires == nil, let current, let expired = current.expiresAt, expired <= now {
                    throw ValidationError("token '\(name)' expired at \(expired.rfc3339); give it a new lifetime with --expires 90d")
                }
                let created = try runtime {
                    let vault = try TokenVault.open(store: eventStore, keyFile: keys.path(for: eventStore), create: false)
                    return try vault.rotate(name: name, grace: grace, expiresAt: expires.map { now + $0 }, now: now, signingSecret: secret)
                }
                print("token \(created.name), new secret:")
                printSecrets(created)
                print("The old secret is accepted until \((now + grace).rfc3339). Shown once: only its hash is stored.")
            }
        }

        /// `hindsight token list`.
        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(abstract: "List tokens (names, scopes, formats, dates; never the tokens).")

            @OptionGroup var store: StoreOptions

            @Flag(help: "Print JSON.")
            var json = false

            func run() async throws {
                let tokens = try runtime { try store.open().tokens() }
                let now = ServerSettings.systemClock()
                if json {
                    print(
                        JSONWriter.array(
                            tokens.map { t in
                                var w = JSONWriter()
                                w.string("name", t.name)
                                w.string("scope", t.scope.rawValue)
                                w.string("format", t.format)
                                w.string("created_at", t.createdAt.rfc3339)
                                w.string("expires_at", t.expiresAt?.rfc3339)
                                w.string("rotated_at", t.rotatedAt?.rfc3339)
                                w.string("previous_valid_until", t.acceptsPreviousSecret(at: now) ? t.previousValidUntil?.rfc3339 : nil)
                                w.string("revoked_at", t.revokedAt?.rfc3339)
                                w.string("status", Self.status(t, now: now))
                                return w.finished()
                            }))
                    return
                }
                guard !tokens.isEmpty else {
                    print("No tokens. Create one with 'hindsight token create NAME'.")
                    return
                }
                var table = TextTable(["NAME", "SCOPE", "FORMAT", "CREATED", "EXPIRES", "STATUS"])
                for t in tokens {
                    var status = Self.status(t, now: now)
                    if t.acceptsPreviousSecret(at: now), let until = t.previousValidUntil { status += " (old secret until \(until.rfc3339))" }
                    table.add([
                        t.name, t.format == nil ? t.scope.rawValue : "hook", t.format ?? "any", t.createdAt.rfc3339, t.expiresAt?.rfc3339 ?? "never", status,
                    ])
                }
                print(table.render())
            }

            static func status(_ t: APIToken, now: Timestamp) -> String {
                if let revoked = t.revokedAt { return "revoked \(revoked.rfc3339)" }
                return t.isExpired(at: now) ? "expired" : "active"
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

extension TokenScope: ExpressibleByArgument {}

/// A producer's signing secret, one line on standard input.
private func readSecret() throws -> String {
    guard let line = readLine(strippingNewline: true)?.trimmingCharacters(in: .whitespaces), !line.isEmpty else {
        throw ValidationError("--signing-secret-stdin: standard input holds no secret; pipe the producer's secret in")
    }
    return line
}

/// A token's lifetime must be positive.
private func validateLifetime(_ span: TimeSpan?, option: String) throws {
    if let span, span.milliseconds <= 0 { throw ValidationError("\(option) must be a positive duration such as 90d") }
}

/// The bearer token and, unless a producer's own secret signs, the same secret for Standard Webhooks.
private func printSecrets(_ created: CreatedToken) {
    print("  \(created.token)")
    if let whsec = created.standardWebhooksSecret {
        print("Standard Webhooks secret (the same secret):")
        print("  \(whsec)")
    } else {
        print("Signatures are checked with the producer's secret you gave; the token above is for Authorization: Bearer.")
    }
}
