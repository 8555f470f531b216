import Foundation
import Hindsight
import HindsightFormats
import HindsightStore
import Testing

/// Every sentence the correlator's rules write, on every sample, against the metrics of the same analysis: a
/// reason never contradicts a number the analysis reports elsewhere.
@Suite struct CorrelatorWordsTests {
    static func analyses(_ folder: URL) throws -> [(String, IncidentAnalysis, EventStore)] {
        let store = try EventStore.inMemory()
        _ = try store.ingest(try ByteInput(path: folder.appendingPathComponent("events.jsonl").path))
        let catalog = folder.appendingPathComponent("catalog-info.yaml").path
        if FileManager.default.fileExists(atPath: catalog) { _ = try store.importCatalog(try CatalogDecoder.decode(path: catalog)) }
        return try SampleIncidentsTests.expectations(folder).map { e in
            let id = try #require(e["incident"] as? String)
            return ("\(folder.lastPathComponent) \(id)", try store.analysis(incident: id), store)
        }
    }

    /// `2024-07-19T04:09:00Z` and `.250` forms in a sentence.
    static func times(in text: String) -> [Timestamp] {
        let pattern = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z/
        return text.matches(of: pattern).compactMap { try? Timestamp.parse(String($0.output.0)).get() }
    }

    /// The span after `prefix` up to " after", parsed back from its `TimeSpan` description (`1h 5m`, `3d 2h`, `45s`).
    static func span(after prefix: String, in text: String) -> TimeSpan? {
        guard let range = text.range(of: prefix) else { return nil }
        let rest = text[range.upperBound...]
        guard let end = rest.range(of: " after") else { return nil }
        var ms: Int64 = 0
        for part in rest[..<end.lowerBound].split(separator: " ") {
            guard let unit = part.last, let n = Int64(part.dropLast()) else { return nil }
            switch unit {
            case "d": ms += n * 86_400_000
            case "h": ms += n * 3_600_000
            case "m": ms += n * 60_000
            case "s": ms += n * 1000
            default: return nil
            }
        }
        return TimeSpan(milliseconds: ms)
    }

    @Test(arguments: SampleIncidentsTests.folders)
    func reasonsAgreeWithTheMetrics(_ folder: URL) throws {
        for (name, a, store) in try Self.analyses(folder) {
            let last = a.signals.map(\.last).max()
            let all = try store.events(EventFilter())
            let known = Set(all.map(\.time) + all.compactMap(\.end))
            for c in a.candidates {
                for r in c.reasons {
                    let context = "\(name) \(c.change.id): \(r)"
                    // Percentages are shares: never below 0 or above 100, and a chance is never "0%".
                    for m in r.matches(of: /(\d+(\.\d+)?)%/) {
                        let p = Double(String(m.output.1)) ?? -1
                        #expect(p >= 0 && p <= 100, "\(context)")
                    }
                    #expect(!r.contains("chance 0%") && !r.contains("only 0%"), "\(context)")
                    // "impact began X after it": X is impact start less the change's time, as durations are printed
                    // (the two largest units).
                    if let x = Self.span(after: "impact began ", in: r), let start = a.impactStart {
                        #expect(x.description == (start - c.change.time).description, "\(context)")
                    }
                    // "the signals rose at T, X after it": a rise at or after impact start, X after the change.
                    if let range = r.range(of: "the signals rose at "), let t = Self.times(in: String(r[range.upperBound...])).first {
                        #expect(t >= (a.impactStart ?? t), "\(context)")
                        if let x = Self.span(after: ", ", in: String(r[range.upperBound...])) {
                            #expect(x.description == (t - c.change.time).description, "\(context)")
                        }
                    }
                    // "the signals had stopped at T": no signal came later (an aggregate's end may be later than its start).
                    if let range = r.range(of: "the signals had stopped at "), let t = Self.times(in: String(r[range.upperBound...])).first {
                        #expect(t >= (last ?? t), "\(context)")
                    }
                    // Every time a reason names is an event's time (or a rise the analysis found).
                    for t in Self.times(in: r) {
                        let rise = r.contains("the signals rose at \(t.rfc3339)")
                        #expect(known.contains(t) || rise, "\(context): \(t.rfc3339) is no event's time")
                    }
                    // "the impact began on S": S is one of the incident's services.
                    if let range = r.range(of: "the impact began on ") {
                        let service = String(r[range.upperBound...].prefix { $0 != " " && $0 != "," && $0 != ";" })
                        #expect(a.services.contains(service), "\(context)")
                    }
                }
                #expect(c.evidence.count == c.reasons.count)
            }
            // A rollback the analysis says mitigated the incident is never called useless in the trigger's reasons. (Signals
            // that went on after it are a measurement, not a verdict on the mitigation, which EVENTS.md times by the rollback.)
            if let t = a.trigger, let rb = a.rollback, a.mitigatedBy == "rollback \(rb.id)" {
                for r in t.reasons where r.contains(rb.id) {
                    #expect(!r.contains("cannot be credited") && !r.contains("proves nothing") && !r.contains("useless"), "\(name): \(r)")
                }
            }
            // The abstention lists the hypotheses with the posteriors the analysis reports.
            if a.trigger == nil, let abstention = a.abstention, let best = a.hypotheses.first, a.hypotheses.count > 1 {
                #expect(abstention.contains(best.label), "\(name): \(abstention)")
            }
            // The confidence is the trigger's posterior, or the best change's.
            #expect(a.confidence == (a.trigger ?? a.candidates.first)?.score, "\(name)")
            #expect(abs(a.hypotheses.map(\.posterior).reduce(0, +) - 1) < 0.01 || a.hypotheses.isEmpty, "\(name)")
        }
    }
}
