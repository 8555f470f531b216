import Hindsight

/// "Did you mean": the stored id nearest to one that is not stored (`Suggest.nearestID`).
extension EventStore {
    /// The incident id nearest to `id`, among every incident's.
    package func nearestIncident(to id: String) throws -> String? {
        Suggest.nearestID(id, in: try incidentIDs())
    }

    /// The event id nearest to `id` (only changes' with `changesOnly`). A store may hold millions of
    /// events, so only ids sharing the longest stored prefix with `id` (or up to three characters less)
    /// are compared, each prefix one range of the id index.
    package func nearestEvent(to id: String, changesOnly: Bool = false) throws -> String? {
        let scalars = Array(id.unicodeScalars)
        guard !scalars.isEmpty, id.utf8.count <= Suggest.maxIDLength else { return nil }
        func prefix(_ n: Int) -> String { String(String.UnicodeScalarView(scalars[0..<n])) }
        return try read { s in
            // Ids between the prefix and the prefix followed by the highest scalar: the prefix's range
            // in bytewise order (SQLite's and the PostgreSQL schema's COLLATE "C").
            func ids(starting p: String, limit: Int) throws -> [(id: String, kind: String)] {
                try s.rows("SELECT id, kind FROM event WHERE id >= ? AND id < ? ORDER BY id LIMIT \(limit)", [p, p + "\u{10FFFF}"]).map {
                    (id: $0["id"], kind: $0["kind"])
                }
            }
            // The longest prefix that some id starts with: a binary search, one seek a step.
            var (low, high) = (0, scalars.count)
            while low < high {
                let mid = (low + high + 1) / 2
                if try !ids(starting: prefix(mid), limit: 1).isEmpty { low = mid } else { high = mid - 1 }
            }
            guard low > 0 else { return nil }
            var candidates: Set<String> = []
            for n in stride(from: low, through: max(1, low - 3), by: -1) where candidates.count < Self.suggestionPool {
                for row in try ids(starting: prefix(n), limit: Self.suggestionPool) where !changesOnly || EventKind(rawValue: row.kind)?.isChange == true {
                    candidates.insert(row.id)
                }
            }
            return Suggest.nearestID(id, in: candidates.sorted())
        }
    }

    /// The nearest incident or event id to `id`, incidents first.
    package func nearestEventOrIncident(to id: String) throws -> String? {
        try nearestIncident(to: id) ?? nearestEvent(to: id)
    }

    /// How many ids of one prefix are compared.
    static let suggestionPool = 64
}
