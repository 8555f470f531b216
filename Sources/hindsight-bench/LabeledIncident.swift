import Foundation
import Hindsight
import HindsightFormats
import HindsightSimulation
import HindsightStore

/// One incident with a known answer, gathered through a fresh store as `hindsight analyze` gathers it, with
/// what the two baselines would name.
struct LabeledIncident {
    /// A generated family's name, or the corpus part (`train`, `held-out`, `unlisted`).
    var group: String
    var name: String
    var truth: String?
    var input: AnalysisInput
    /// The latest production change on the incident's services before impact start, and the same within 1 h.
    var latest: String?
    var latestWithinHour: String?

    /// `perFamily` scenarios of each family, generated from `seed`.
    static func generated(seed: UInt64, perFamily: Int, families: [AccuracyScenarioFamily] = AccuracyScenarioFamily.allCases) throws -> [LabeledIncident] {
        let generator = AccuracyScenarioGenerator(seed: seed)
        var out: [LabeledIncident] = []
        for family in families {
            for s in generator.scenarios(of: family, count: perFamily) {
                let store = try EventStore.inMemory()
                try store.insert(s.events)
                try store.importCatalog(
                    s.dependencies.sorted { $0.key < $1.key }.map {
                        CatalogEntity(kind: "Component", name: $0.key, dependsOn: $0.value, file: "generated", line: 1)
                    })
                out.append(try labeled(store, group: family.rawValue, incident: s.incident, truth: s.trigger))
            }
        }
        return out
    }

    /// Every incident of every corpus folder whose part is in `parts` (`nil` for folders split.txt does not list).
    static func corpus(_ corpus: String, split: CorpusSplit, parts: Set<CorpusSplit.Part?>) throws -> [LabeledIncident] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: corpus) else { return [] }
        var out: [LabeledIncident] = []
        for name in names.sorted() where parts.contains(split.part(of: name)) {
            let folder = "\(corpus)/\(name)"
            guard fm.fileExists(atPath: "\(folder)/expected.json"), fm.fileExists(atPath: "\(folder)/events.jsonl") else { continue }
            let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/expected.json"))
            let value = try JSONSerialization.jsonObject(with: data)
            let expected = (value as? [[String: Any]]) ?? [(value as? [String: Any]) ?? [:]]
            let store = try EventStore.inMemory()
            _ = try store.ingest(try ByteInput(path: "\(folder)/events.jsonl"))
            if fm.fileExists(atPath: "\(folder)/catalog-info.yaml") {
                try store.importCatalog(try CatalogDecoder.decode(path: "\(folder)/catalog-info.yaml"))
            }
            for e in expected {
                guard let incident = e["incident"] as? String else { continue }
                let group = split.part(of: name)?.rawValue ?? "unlisted"
                out.append(try labeled(store, group: group, incident: incident, truth: e["trigger"] as? String, name: "\(name) \(incident)"))
            }
        }
        return out
    }

    static func labeled(_ store: EventStore, group: String, incident: String, truth: String?, name: String? = nil) throws -> LabeledIncident {
        let input = try store.analysisInput(incident: incident)
        var latest: Event?
        if let impact = input.impactStart {
            latest = try store.changes(before: impact, window: .days(7), services: input.services.filter { $0 != Event.globalService })
                .first { $0.kind != .rollback && $0.environment == Event.defaultEnvironment }
        }
        let withinHour = latest.flatMap { c in input.impactStart.flatMap { $0 - c.time <= .hours(1) ? c.id : nil } }
        return LabeledIncident(group: group, name: name ?? incident, truth: truth, input: input, latest: latest?.id, latestWithinHour: withinHour)
    }

    /// The incident for the fit; `nil` when its trigger is not among the candidates the correlator weighs.
    func fitIncident(weight: Double = 1) -> FitIncident? {
        FitIncident(group: group, name: name, input: input, trigger: truth, weight: weight)
    }
}
