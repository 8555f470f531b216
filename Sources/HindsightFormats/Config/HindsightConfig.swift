import Hindsight
import TOMLKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The settings in `hindsight.toml` (next to the store, or given with `--config`), parsed with
/// TOMLKit; every key is documented in docs/formats.md.
///
/// ```toml
/// [services]
/// labels = ["service", "app", "instance:host"]   # ordered service rules for alert labels
///
/// [pagerduty.routing_keys]
/// "R0123456789" = "checkout"                      # routing key → service
///
/// [github]
/// deploy_workflows = "deploy|release"             # workflow names that are deploys (regex)
///
/// [ingest]
/// max_record_size = "16MiB"                       # longest line or single payload
///
/// [rollbar.projects]
/// "162774" = "checkout"                           # Rollbar project id → service
///
/// [guard]                                         # the guard's watcher and notifications (GuardConfig)
/// interval = "1m"
///
/// [[mapping]]                                     # a producer Hindsight has no reader for
/// name = "uptimerobot"
/// match = { "alert_type_friendly_name" = ["Down", "Up"] }
/// kind = "alert"
/// service = "$.monitor_friendly_name"
///
/// [slo]
/// target = "99.9%"                                # every service's availability objective
/// window = "30d"                                  # the period its error budget covers
/// services = { payments = "99.95%" }              # a service's own target
/// ```
package struct HindsightConfig: Sendable, Equatable {
    /// The file the settings came from (`nil`: defaults).
    package var path: String?
    package var adapters = AdapterOptions()
    package var maxRecordSize = ByteInput.defaultMaxRecordSize
    /// The SLO targets a post-mortem weighs an incident's error budget against.
    package var objectives = ServiceObjectives.none
    /// `[guard]`: the watcher's interval, the site's address and the notification targets.
    package var guardSettings = GuardConfig()

    package init() {}

    /// The keys a file may hold, by table.
    static let schema: [String: Set<String>] = [
        "services": ["labels"],
        "pagerduty": ["routing_keys"],
        "github": ["deploy_workflows"],
        "ingest": ["max_record_size"],
        "rollbar": ["projects"],
        "slo": ["target", "window", "services"],
        "guard": GuardConfig.keys,
    ]

    /// The settings a command over the store at `storePath` uses: the file given, else `hindsight.toml`
    /// next to a file store when it exists, else the defaults.
    package static func forStore(explicit: String?, storePath: String) throws(ConfigError) -> HindsightConfig {
        if let explicit { return try load(path: explicit) }
        guard !storePath.contains("://") else { return HindsightConfig() }
        let folder = storePath.contains("/") ? String(storePath[...storePath.lastIndex(of: "/")!]) : ""
        let nextToStore = folder + "hindsight.toml"
        guard access(nextToStore, F_OK) == 0 else { return HindsightConfig() }
        return try load(path: nextToStore)
    }

    /// Reads and checks the file at `path`.
    package static func load(path: String) throws(ConfigError) -> HindsightConfig {
        guard let f = fopen(path, "rb") else { throw .cannotRead(path: path, reason: String(cString: strerror(errno))) }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return try parse(String(decoding: bytes, as: UTF8.self), path: path)
    }

    /// Parses and checks TOML text; `path` names it in errors.
    package static func parse(_ text: String, path: String) throws(ConfigError) -> HindsightConfig {
        try checkTableHeaders(text, path: path)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let e as TOMLParseError {
            throw .syntax(path: path, line: e.source.begin.line, column: e.source.begin.column, message: e.description)
        } catch {
            throw .syntax(path: path, line: 0, column: 0, message: "\(error)")
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        func fail(_ key: String, _ message: String) -> ConfigError {
            .invalid(path: path, line: line(of: key, in: lines), key: key, message: message)
        }
        var config = HindsightConfig()
        config.path = path
        for name in table.keys where name != "mapping" {
            guard let keys = schema[name] else {
                let hint =
                    Suggest.nearest(name, in: Array(schema.keys).sorted() + ["mapping"]).map { "did you mean '\($0)'?" }
                    ?? "the tables are \((schema.keys.sorted() + ["[[mapping]]"]).joined(separator: ", "))"
                throw fail(name, "unknown table; \(hint)")
            }
            guard let sub = table[name]?.table else { throw fail(name, "must be a table ([\(name)])") }
            for key in sub.keys where !keys.contains(key) {
                let hint =
                    Suggest.nearest(key, in: keys.sorted()).map { "did you mean '\(name).\($0)'?" }
                    ?? "the keys of [\(name)] are \(keys.sorted().joined(separator: ", "))"
                throw fail("\(name).\(key)", "unknown key; \(hint)")
            }
        }
        if let labels = table["services"]?.table?["labels"] {
            guard let array = labels.array else { throw fail("services.labels", "must be an array of label names, like [\"service\", \"app\"]") }
            var rules: [ServiceRule] = []
            for item in array {
                guard let s = item.string, !s.isEmpty else { throw fail("services.labels", "must hold label names (strings), not \(item.type)") }
                rules.append(ServiceRule(parsing: s))
            }
            guard !rules.isEmpty else { throw fail("services.labels", "is empty; name at least one label, or remove the key for the defaults") }
            config.adapters.serviceRules = rules
        }
        if let keys = table["pagerduty"]?.table?["routing_keys"] {
            guard let t = keys.table else { throw fail("pagerduty.routing_keys", "must be a table of routing key = \"service\"") }
            for key in t.keys {
                guard let service = t[key]?.string, !service.isEmpty else {
                    throw fail("pagerduty.routing_keys.\(key)", "must be a service name (a string)")
                }
                config.adapters.routingKeys[key] = service
            }
        }
        if let projects = table["rollbar"]?.table?["projects"] {
            guard let t = projects.table else { throw fail("rollbar.projects", "must be a table of project id = \"service\"") }
            for key in t.keys {
                guard let service = t[key]?.string, !service.isEmpty else { throw fail("rollbar.projects.\(key)", "must be a service name (a string)") }
                config.adapters.rollbarProjects[key] = service
            }
        }
        if let mappings = table["mapping"] {
            config.adapters.mappings = try Self.mappings(mappings, lines: lines, path: path)
        }
        if let pattern = table["github"]?.table?["deploy_workflows"] {
            guard let s = pattern.string else { throw fail("github.deploy_workflows", "must be a regular expression (a string)") }
            guard (try? Regex(s)) != nil else { throw fail("github.deploy_workflows", "'\(s)' is not a valid regular expression") }
            config.adapters.deployWorkflowPattern = s
        }
        if let guardTable = table["guard"]?.table {
            config.guardSettings = try Self.guardConfig(guardTable, lines: lines, path: path)
        }
        if let size = table["ingest"]?.table?["max_record_size"] {
            let bytes: Int?
            if let n = size.int { bytes = n } else if let s = size.string { bytes = parseSize(s) } else { bytes = nil }
            guard let bytes, bytes > 0 else {
                throw fail("ingest.max_record_size", "must be a size such as \"16MiB\", \"512KiB\" or a number of bytes")
            }
            config.maxRecordSize = bytes
        }
        if let slo = table["slo"]?.table {
            func target(_ value: any TOMLValueConvertible, _ key: String) throws(ConfigError) -> Double {
                let parsed = value.string.flatMap(ServiceObjectives.parseTarget) ?? value.double.flatMap { ServiceObjectives.parseTarget(String($0)) }
                guard let parsed else { throw fail(key, "must be a target between 0% and 100% such as \"99.9%\"") }
                return parsed
            }
            if let t = slo["target"] { config.objectives.target = try target(t, "slo.target") }
            if let w = slo["window"] {
                guard let span = w.string.flatMap(TimeSpan.parse), span.milliseconds > 0 else {
                    throw fail("slo.window", "must be a duration such as \"30d\" or \"7d\"")
                }
                config.objectives.window = span
            }
            if let services = slo["services"] {
                guard let t = services.table else { throw fail("slo.services", "must be a table of service = \"99.9%\"") }
                for key in t.keys {
                    config.objectives.services[key] = try target(t[key]!, "slo.services.\(key)")
                }
            }
        }
        return config
    }

    /// `16MiB`, `512KiB`, `1GiB`, `1048576` → bytes; `nil` when not a positive size.
    package static func parseSize(_ text: String) -> Int? {
        let t = text.trimmingSpaces
        let units: [(String, Int)] = [
            ("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("GB", 1_000_000_000), ("MB", 1_000_000),
            ("KB", 1000), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1),
        ]
        for (suffix, factor) in units where t.hasSuffix(suffix) {
            guard let n = Int(String(t.dropLast(suffix.count)).trimmingSpaces), n > 0 else { return nil }
            return n.multipliedReportingOverflow(by: factor).overflow ? nil : n * factor
        }
        return Int(t).flatMap { $0 > 0 ? $0 : nil }
    }

    /// The 1-based line where `key` (`table.key` or a table name) is set; 0 when not found.
    static func line(of dotted: String, in lines: [String]) -> Int {
        let parts = dotted.split(separator: ".").map(String.init)
        var table = ""
        for (i, raw) in lines.enumerated() {
            let l = raw.trimmingSpaces
            if l.hasPrefix("[") {
                table = l.trimmingCharacters("[]").trimmingSpaces
                if table == dotted { return i + 1 }
                if parts.count == 1, table.hasPrefix(dotted + ".") { return i + 1 }
                continue
            }
            guard let eq = l.firstIndex(of: "=") else { continue }
            let key = String(l[..<eq]).trimmingSpaces.trimmingCharacters("\"'")
            let full = table.isEmpty ? key : table + "." + key
            if full == dotted || (parts.count == 1 && full.hasPrefix(dotted + ".")) { return i + 1 }
        }
        return 0
    }
}
