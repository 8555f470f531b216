import ArgumentParser
import Foundation
import Hindsight
import HindsightFormats
import HindsightReport
import HindsightServer
import HindsightStore
import Hummingbird
import Logging
import ServiceLifecycle

extension HindsightCommand {
    /// `hindsight serve`: webhook intake, JSON API and review pages over the store.
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Serve webhook intake, the JSON API and the incident review pages.",
            discussion: """
                Writes need a token with scope write ('hindsight token create NAME --scope write') or, on \
                /v1/hooks/FORMAT, that format's token ('--format FORMAT'): Authorization: Bearer TOKEN (or the \
                password of Basic credentials, or ?token= for producers that only take a URL), or the \
                producer's own signature made with the token's secret (GitHub, Sentry, PagerDuty v3, \
                Terraform, CircleCI, Standard Webhooks, which /v1/events takes too). The hooks read payloads \
                with the settings of hindsight.toml (--config), [[mapping]] tables included. Reads need a token of any scope (a bearer token or a login at /login) \
                unless --open-read is given. SIGTERM or SIGINT answers new requests 503 while those in flight \
                finish (at most --shutdown-timeout), then exits; a request waits at most --request-timeout for \
                the store, and 8 s for its write lock. A 2xx answer means the events are on disk (SQLite syncs \
                every commit). Slow clients are disconnected and connections are capped; /healthz answers at \
                the cap. One log line per request on standard output. See docs/server.md.
                """)

        @OptionGroup var store: StoreOptions
        @OptionGroup var keys: KeyFileOptions
        @OptionGroup var analysis: AnalysisFlags

        @Option(help: ArgumentHelp("The address to listen on.", valueName: "host"))
        var host = "127.0.0.1"

        @Option(help: ArgumentHelp("The port to listen on; 0 picks a free one (printed at start).", valueName: "port"))
        var port = 8080

        @Flag(help: "Let anyone read incidents, changes and events without a token.")
        var openRead = false

        @Option(help: ArgumentHelp("The largest request body accepted, in bytes (suffixes KiB, MiB).", valueName: "size"))
        var maxBody = "10MiB"

        @Option(help: ArgumentHelp("The post-mortem template incident pages render (NAME or PATH, as for postmortem).", valueName: "name|path"))
        var template = "default"

        @Option(
            help: ArgumentHelp(
                "Settings file for the hooks' readers (service labels, routing keys, [[mapping]] tables) and the drafts' SLO targets ([slo]) (default: hindsight.toml next to the store, when it exists).",
                valueName: "path"))
        var config: String?

        @Option(help: ArgumentHelp("On SIGTERM or SIGINT, how long requests in flight may take to finish before the server exits.", valueName: "duration"))
        var shutdownTimeout: TimeSpan = .seconds(10)

        @Option(help: ArgumentHelp("How long a request may wait for the store before it is answered 503.", valueName: "duration"))
        var requestTimeout: TimeSpan = .seconds(30)

        @Option(help: ArgumentHelp("Serve HTTPS with this PEM certificate chain (the server's certificate first); needs --tls-key.", valueName: "file"))
        var tlsCert: String?

        @Option(help: ArgumentHelp("The unencrypted PEM private key of --tls-cert.", valueName: "file"))
        var tlsKey: String?

        @Flag(
            help: ArgumentHelp(
                "Every request comes through a proxy: trust its X-Forwarded-Proto (Secure cookies), X-Forwarded-Host and X-Forwarded-For (the client's address in the log)."
            ))
        var behindProxy = false

        @Option(
            help: ArgumentHelp(
                "Connections open at once; at the cap a new one replaces the longest idle or slow one (lowered to fit ulimit -n).",
                valueName: "n"))
        var maxConnections = 1000

        @Option(help: ArgumentHelp("A request head must be complete within this time.", valueName: "duration"))
        var headerTimeout: TimeSpan = .seconds(10)

        @Option(help: ArgumentHelp("A kept-alive connection with no request is closed after this time.", valueName: "duration"))
        var idleTimeout: TimeSpan = .seconds(60)

        @Option(help: ArgumentHelp("A request body may pause this long; beyond it, it must keep --min-body-rate.", valueName: "duration"))
        var bodyTimeout: TimeSpan = .seconds(10)

        @Option(help: ArgumentHelp("The slowest a request body may arrive, per second (suffixes KiB, MiB).", valueName: "size"))
        var minBodyRate = "1KiB"

        @Option(
            help: ArgumentHelp(
                "The most bytes of signed webhook bodies read at once before their signatures are checked; beyond it 503.",
                valueName: "size"))
        var unverifiedBodyBudget = "64MiB"

        @Option(
            help: ArgumentHelp(
                "full: a 2xx survives a power loss (SQLite syncs each commit); normal: faster, a power loss may lose the last acknowledged writes.",
                valueName: "full|normal"))
        var sqliteSynchronous = "full"

        func validate() throws {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
            guard shutdownTimeout.milliseconds >= 0 else { throw ValidationError("--shutdown-timeout must not be negative") }
            guard requestTimeout.milliseconds > 0 else { throw ValidationError("--request-timeout must be more than 0s") }
            for (flag, value) in [("--max-body", maxBody), ("--min-body-rate", minBodyRate), ("--unverified-body-budget", unverifiedBodyBudget)]
            where Self.bytes(value) == nil {
                throw ValidationError("\(flag) '\(value)' is not a size; use bytes or a suffix: 512KiB, 10MiB")
            }
            guard (tlsCert == nil) == (tlsKey == nil) else {
                throw ValidationError("--tls-cert and --tls-key go together: the certificate chain and its private key, both PEM files")
            }
            guard maxConnections > 0 else { throw ValidationError("--max-connections must be at least 1") }
            for (flag, span) in [("--header-timeout", headerTimeout), ("--idle-timeout", idleTimeout), ("--body-timeout", bodyTimeout)]
            where span.milliseconds <= 0 {
                throw ValidationError("\(flag) must be longer than zero")
            }
            guard ["full", "normal"].contains(sqliteSynchronous) else { throw ValidationError("--sqlite-synchronous takes full or normal") }
        }

        /// The limits the flags set, the cap lowered to fit the process's limit of open files.
        var connectionLimits: ConnectionLimits {
            var limits = ConnectionLimits()
            limits.maxConnections = maxConnections
            limits.headerTimeout = .milliseconds(headerTimeout.milliseconds)
            limits.idleTimeout = .milliseconds(idleTimeout.milliseconds)
            limits.bodyTimeout = .milliseconds(bodyTimeout.milliseconds)
            limits.minBodyRate = Self.bytes(minBodyRate)!
            return limits.fitting(openFileLimit: Self.openFileLimit)
        }

        /// `ulimit -n`: the soft limit on open files.
        static var openFileLimit: Int {
            var limit = rlimit()
            guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return 1024 }
            return Int(clamping: min(limit.rlim_cur, UInt(Int.max / 2)))
        }

        static func bytes(_ text: String) -> Int? {
            for (suffix, factor) in [("KiB", 1024), ("MiB", 1024 * 1024), ("GiB", 1024 * 1024 * 1024), ("", 1)] where text.hasSuffix(suffix) {
                guard let n = Int(text.dropLast(suffix.count)), n > 0 else { return nil }
                return n * factor
            }
            return nil
        }

        func run() async throws {
            LoggingSystem.bootstrap { StreamLogHandler.standardOutput(label: $0) }
            let locator = TemplateLocator.standard(
                environment: ProcessInfo.processInfo.environment,
                currentDirectory: FileManager.default.currentDirectoryPath,
                executablePath: Bundle.main.executablePath ?? CommandLine.arguments.first)
            let parsed = try runtime {
                do { return try locator.load(template) } catch let error as ReportError {
                    if case .unknownTemplate = error { throw ValidationError("--template: " + FrontEndHint.message(for: error)) }
                    throw error
                }
            }
            // Each attempt at SQLite's write lock is short: the server's writer tries again until each request's
            // wait is up, then answers 503. Its writer never stops to checkpoint the log: the checkpoint service
            // beside it does.
            let eventStore = try runtime {
                try EventStore.open(
                    location: store.path, busyTimeout: HindsightServer.storeBusyTimeout, autoCheckpoint: false,
                    durable: sqliteSynchronous == "full")
            }
            var services: [any Service] = []
            if let file = eventStore.sqlitePath {
                services.append(CheckpointService(checkpointer: try runtime { try Checkpointer(path: file) }))
            }
            let vault = try runtime { try TokenVault.open(store: eventStore, keyFile: keys.path(for: eventStore), create: true) }
            let config = try runtime { try HindsightConfig.forStore(explicit: self.config, storePath: store.path) }
            var settings = ServerSettings(template: parsed)
            settings.adapters = config.adapters
            settings.host = host
            settings.port = port
            settings.openRead = openRead
            settings.bodyLimit = Self.bytes(maxBody)!
            settings.analysis = analysis.options
            settings.objectives = config.objectives
            settings.requestTimeLimit = .milliseconds(requestTimeout.milliseconds)
            settings.behindProxy = behindProxy
            settings.unverifiedBodyBudget = Self.bytes(unverifiedBodyBudget)!
            settings.connections = connectionLimits
            if let tlsCert, let tlsKey {
                settings.serveTLS(try runtime { try ServerCertificate.load(certificate: tlsCert, key: tlsKey) })
            }
            let server = HindsightServer(store: eventStore, vault: vault, settings: settings)
            var logger = Logger(label: "hindsight")
            logger.logLevel = .info
            for gap in try runtime({ try eventStore.durabilityGaps() }) {
                logger.warning("\(gap) on \(eventStore.displayName): a 2xx answer may not survive a power loss (docs/server.md, \"Durability\")")
            }
            if settings.connections.maxConnections < maxConnections {
                logger.warning(
                    "--max-connections lowered to \(settings.connections.maxConnections) to fit the limit of open files (ulimit -n \(Self.openFileLimit))")
            }
            let host = self.host
            let openRead = self.openRead
            let scheme = settings.tls ? "https" : "http"
            let path = eventStore.displayName
            let app = server.buildApplication(logger: logger) { bound in
                // Written at once (not through print's buffer): scripts wait for this line to learn the port.
                let line = "hindsight: serving \(path) on \(scheme)://\(host):\(bound)\(openRead ? " (reads open)" : "")\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
            // Services stop in reverse order: the drain first, while the server still listens and answers 503.
            let drain = Duration.milliseconds(shutdownTimeout.milliseconds)
            let timeout = shutdownTimeout
            let drainService = DrainService(gate: server.gate, deadline: drain) { left in
                // Their transactions never committed and roll back; their clients got no 2xx and retry.
                FileHandle.standardOutput.write(
                    Data("hindsight: \(left) request\(left == 1 ? "" : "s") still running after --shutdown-timeout \(timeout): exiting\n".utf8))
                Foundation.exit(0)
            }
            var configuration = ServiceGroupConfiguration(
                services: [app] + services + [drainService], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            configuration.maximumGracefulShutdownDuration = drain + .seconds(5)
            let group = ServiceGroup(configuration: configuration)
            try await group.run()
        }
    }
}
