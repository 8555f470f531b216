/// The benchmark's command line (see `usage`).
struct BenchOptions {
    var hindsight = ".build/release/hindsight"
    var sqlite3 = "sqlite3"
    var python = "python3"
    var pythonReference = "scripts/bench_python_reference.py"
    /// Events in the store that the append run adds `appendEvents` to (0 skips the append run).
    var appendStore = 10_000_000
    var appendEvents = 100_000
    var events = 1_000_000
    var queries = 1000
    var dir = "bench-data"
    var seed: UInt64 = 1
    var keep = false
    /// Scenarios for the correlator accuracy run (0 skips it).
    var accuracy = 1000
    /// The public corpus scored beside the generated families (folders with events.jsonl and expected.json).
    var corpus = "sample-incidents"
    /// Events in the store of the incident-at-scale run, two million of them the crashes of its two incidents,
    /// one linked and one unlinked (0 skips it).
    var incidentStore = 10_000_000
    /// Events in the store of the views-across-incidents run, about one incident per 500 (0 skips it).
    var scaleStore = 10_000_000
    /// Run only these sections (empty: all).
    var only: Set<Section> = []
    /// A PostgreSQL database (URL) the postgres section runs on; without it the section is skipped.
    var postgres: String?

    /// The parts of one `make bench` run.
    enum Section: String, CaseIterable {
        case ingest, decode, append, accuracy, incident, alerts, server, postgres, scale
    }

    func runs(_ section: Section) -> Bool { only.isEmpty || only.contains(section) }

    static let usage = """
        usage: hindsight-bench [--hindsight PATH] [--events N] [--queries N] [--dir PATH] [--seed N] [--sqlite3 PATH] [--python PATH]
                               [--keep] [--accuracy N] [--corpus DIR] [--incident-store N] [--append-store N] [--append-events N]
                               [--scale-store N] [--postgres URL]
                               [--only ingest|decode|append|accuracy|incident|alerts|server|postgres|scale]...
          --hindsight  the release `hindsight` binary to time (default .build/release/hindsight)
          --events     events in the large run (default 1000000); a run of a tenth of them checks memory
          --queries    random "changes before X" queries to time (default 1000)
          --dir        where data and databases go (default bench-data/, removed afterwards unless --keep)
          --sqlite3    the sqlite3 shell of the staged-import reference (default: sqlite3 on PATH)
          --python     the Python of the scripted reference (default: python3 on PATH)
          --keep       keep the generated JSONL/CSV files
          --accuracy   score the correlator on N generated scenarios with known triggers, N/10 per family (default 1000; 0 skips)
          --corpus     public incidents scored beside them (default sample-incidents)
          --incident-store  events in the store for analyze/postmortem of a 1,000,000-crash incident, with its
                       signals linked and again unlinked (default 10000000; 0 skips)
          --append-store  events in the store that --append-events are appended to, against the staged
                       reference doing the same append (default 10000000; 0 skips)
          --append-events events appended (default 100000)
          --scale-store  events in the store of the views across incidents (incidents, review, the site's /, ingests
                       that keep the incident summaries), about one incident per 500 (default 10000000; 0 skips)
          --only       run only this section (repeatable): ingest (ingest against the references, changes
                       before X), decode (decoding alone), append, accuracy, incident,
                       alerts (memory of one Alertmanager payload of 100,000 alerts),
                       server (hindsight serve under wrk), postgres (ingest against COPY, changes
                       before X and the incident at scale on the --postgres database; make bench starts one),
                       scale (views across incidents on SQLite, and on the --postgres database when given)
        """

    struct UsageError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ args: [String]) throws -> BenchOptions {
        var o = BenchOptions()
        var i = 0
        func value(_ name: String) throws -> String {
            i += 1
            guard i < args.count else { throw UsageError(description: "\(name) needs a value\n\(usage)") }
            return args[i]
        }
        func number(_ name: String) throws -> Int {
            let text = try value(name).replacingUnderscores()
            guard let n = Int(text), n > 0 else { throw UsageError(description: "\(name) must be a positive whole number, not '\(text)'") }
            return n
        }
        func count(_ name: String) throws -> Int {
            let text = try value(name).replacingUnderscores()
            guard let n = Int(text), n >= 0 else { throw UsageError(description: "\(name) must be 0 or a positive whole number, not '\(text)'") }
            return n
        }
        while i < args.count {
            switch args[i] {
            case "--hindsight": o.hindsight = try value("--hindsight")
            case "--sqlite3": o.sqlite3 = try value("--sqlite3")
            case "--python": o.python = try value("--python")
            case "--append-store": o.appendStore = try count("--append-store")
            case "--append-events": o.appendEvents = try number("--append-events")
            case "--events": o.events = try number("--events")
            case "--queries": o.queries = try number("--queries")
            case "--dir": o.dir = try value("--dir")
            case "--seed": o.seed = UInt64(try number("--seed"))
            case "--keep": o.keep = true
            case "--accuracy": o.accuracy = try count("--accuracy")
            case "--corpus": o.corpus = try value("--corpus")
            case "--incident-store": o.incidentStore = try count("--incident-store")
            case "--scale-store": o.scaleStore = try count("--scale-store")
            case "--postgres": o.postgres = try value("--postgres")
            case "--only":
                let name = try value("--only")
                guard let section = Section(rawValue: name) else {
                    throw UsageError(description: "--only takes \(Section.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
                }
                o.only.insert(section)
            case "-h", "--help": throw UsageError(description: usage)
            default: throw UsageError(description: "unknown argument '\(args[i])'\n\(usage)")
            }
            i += 1
        }
        guard o.incidentStore == 0 || o.incidentStore > 2_000_000 else {
            throw UsageError(description: "--incident-store must be more than 2000000 (the two incidents' own crashes), or 0 to skip")
        }
        guard o.events >= 10 else { throw UsageError(description: "--events must be at least 10") }
        return o
    }
}

extension String {
    /// `10_000_000` reads like `10000000`.
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
