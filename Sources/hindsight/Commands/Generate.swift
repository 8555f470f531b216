import ArgumentParser
import Hindsight
import HindsightSimulation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension HindsightCommand {
    /// `hindsight generate`: seeded synthetic events as native JSON Lines.
    struct Generate: AsyncParsableCommand {
        /// The data sets `generate` knows.
        enum Scenario: String, CaseIterable, ExpressibleByArgument {
            case crowdstrike, canary, bench
        }

        static let configuration = CommandConfiguration(
            abstract: "Write seeded synthetic events as native JSON Lines.",
            discussion: """
                crowdstrike: the 2024-07-19 Channel File 291 push to a simulated fleet (default 8.5 million hosts), crashes aggregated per region and minute; \
                --per-host writes one line per crashed host.

                canary: a small service whose bad deploy a 1% canary stage catches, rolled back automatically.

                bench: --events events over --services services and 30 days from 2024-06-01, in production-like shares.

                The same options and --seed always give the same bytes. Pipe into 'hindsight ingest -'.
                """)

        @Option(help: "crowdstrike, canary or bench.")
        var scenario: Scenario = .crowdstrike

        @Option(help: "Seed of the random generator.")
        var seed: UInt64 = 1

        @Option(help: ArgumentHelp("Fleet size (crowdstrike, canary).", valueName: "n"))
        var hosts: Int?

        @Flag(help: "One crash event per crashed host instead of aggregates per region and minute.")
        var perHost = false

        @Option(help: ArgumentHelp("Number of events (bench).", valueName: "n"))
        var events = 1_000_000

        @Option(help: ArgumentHelp("Number of services (bench).", valueName: "n"))
        var services = 200

        @Option(help: ArgumentHelp("Only events of this kind (repeatable).", valueName: "kind"))
        var kind: [EventKind] = []

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
        var output: String?

        func validate() throws {
            if let hosts, hosts < 1 { throw ValidationError("--hosts must be at least 1") }
            guard events >= 0 else { throw ValidationError("--events must be 0 or more") }
            guard services >= 1 else { throw ValidationError("--services must be at least 1") }
            if scenario == .bench && (hosts != nil || perHost) {
                throw ValidationError("--hosts and --per-host apply to the crowdstrike and canary scenarios; bench takes --events and --services")
            }
        }

        func run() async throws {
            var writer = try runtime { try LineWriter(path: output) }
            let kinds = Set(kind)
            func emit(_ e: Event) throws {
                if kinds.isEmpty || kinds.contains(e.kind) { try writer.write(e.nativeJSON) }
            }
            try runtime {
                switch scenario {
                case .bench:
                    try BenchmarkMix(events: events, services: services, seed: seed).generate(emit)
                case .crowdstrike, .canary:
                    var s: FleetScenario = scenario == .crowdstrike ? .crowdstrike() : .canary()
                    if let hosts { s.hosts = hosts }
                    if perHost { s.aggregation = nil } else if scenario == .crowdstrike { s.aggregation = .seconds(60) }
                    try FleetGenerator(scenario: s, seed: seed).generate(emit)
                }
                try writer.close()
            }
        }
    }
}

/// Buffered line output to a file or standard output; the generator writes millions of lines.
private struct LineWriter {
    let file: UnsafeMutablePointer<FILE>
    let path: String
    let owned: Bool

    init(path: String?) throws {
        guard let path, path != "-" else {
            // A stream of its own on descriptor 1: the C `stdout` global is not concurrency-safe in Swift 6.
            guard let f = fdopen(1, "w") else { throw GenerateError("cannot write to standard output") }
            file = f
            self.path = "<stdout>"
            owned = false
            return
        }
        guard let f = fopen(path, "w") else {
            throw GenerateError("cannot open '\(path)' for writing: \(String(cString: strerror(errno))); check the folder exists and is writable")
        }
        file = f
        self.path = path
        owned = true
    }

    mutating func write(_ line: String) throws {
        var line = line
        line.append("\n")
        let ok = line.withUTF8 { fwrite($0.baseAddress, 1, $0.count, file) == $0.count }
        if !ok { throw GenerateError("writing to \(path) failed: \(String(cString: strerror(errno))); is the disk full?") }
    }

    func close() throws {
        let failed = owned ? fclose(file) != 0 : fflush(file) != 0
        if failed { throw GenerateError("finishing \(path) failed: \(String(cString: strerror(errno)))") }
    }
}

/// A write problem of `generate`, said as one sentence.
private struct GenerateError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
