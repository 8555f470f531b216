import Hindsight
import HindsightSimulation

/// One generated data set on disk: native JSONL, optionally the same events as reference CSV,
/// and what the queries need to know about it (its services and time range).
struct GeneratedData {
    var events = 0
    var jsonlPath: String
    var csvPath: String?
    var jsonlBytes = 0
    var csvBytes = 0
    var services: [String] = []
    var first = Timestamp(milliseconds: .max)
    var last = Timestamp(milliseconds: .min)
    var seconds = 0.0

    /// Writes `count` events of the benchmark mix.
    static func write(count: Int, seed: UInt64, jsonlPath: String, csvPath: String?) throws -> GeneratedData {
        try write(mix: BenchmarkMix(events: count, seed: seed), jsonlPath: jsonlPath, csvPath: csvPath)
    }

    /// Writes the events of `mix`.
    static func write(mix: BenchmarkMix, jsonlPath: String, csvPath: String?) throws -> GeneratedData {
        var data = GeneratedData(jsonlPath: jsonlPath, csvPath: csvPath)
        let start = monotonicSeconds()
        let jsonl = try OutputFile(path: jsonlPath)
        let csv = try csvPath.map { try OutputFile(path: $0) }
        csv?.write(ReferenceCSV.header)
        var services = Set<String>()
        mix.generate { e in
            data.events += 1
            jsonl.write(e.nativeJSON + "\n")
            csv?.write(ReferenceCSV.row(e, seq: data.events))
            services.insert(e.service)
            if e.time < data.first { data.first = e.time }
            if e.time > data.last { data.last = e.time }
        }
        data.jsonlBytes = jsonl.bytes
        data.csvBytes = csv?.bytes ?? 0
        jsonl.close()
        csv?.close()
        data.services = services.filter { $0 != Event.globalService }.sorted()
        data.seconds = monotonicSeconds() - start
        return data
    }
}
