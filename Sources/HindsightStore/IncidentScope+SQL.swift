import Hindsight

extension IncidentScope {
    /// The two halves of "its signals" as WHERE clauses over `event`: the linked signals, and the
    /// unlinked ones on its services in its window (absent when it has no services). Each half can
    /// use its own index; a query that needs both runs on each and merges the results.
    /// `at` narrows both halves to signals at that instant (an index seek on either side).
    /// `from`/`to` narrow both halves to `[from, to)` with one range on `time`, so each stays one index range.
    func signalParts(
        kinds: [EventKind] = EventKind.signals, at: Timestamp? = nil, from: Timestamp? = nil,
        to: Timestamp? = nil
    ) -> [(sql: String, arguments: SQLArguments)] {
        let kindList = sqlList(kinds)
        var linked: (String, SQLArguments) = ("incident = ? AND kind IN (\(kindList))", [incident])
        if let at {
            linked.0 += " AND time = ?"
            linked.1 += [at.milliseconds]
        }
        if let from {
            linked.0 += " AND time >= ?"
            linked.1 += [from.milliseconds]
        }
        if let to {
            linked.0 += " AND time < ?"
            linked.1 += [to.milliseconds]
        }
        var parts = [linked]
        guard !services.isEmpty else { return parts }
        let serviceList = placeholders(services.count)
        if let at {
            if at >= windowStart && at <= windowEnd {
                parts.append(
                    (
                        "kind IN (\(kindList)) AND service IN (\(serviceList)) AND time = ? AND incident IS NULL",
                        SQLArguments(binding: services) + [at.milliseconds]
                    ))
            }
        } else if let to, to <= windowEnd {
            let lower = max(windowStart, from ?? windowStart)
            if lower < to {
                parts.append(
                    (
                        "kind IN (\(kindList)) AND service IN (\(serviceList)) AND time >= ? AND time < ? AND incident IS NULL",
                        SQLArguments(binding: services) + [lower.milliseconds, to.milliseconds]
                    ))
            }
        } else {
            let lower = max(windowStart, from ?? windowStart)
            if lower <= windowEnd {
                parts.append(
                    (
                        "kind IN (\(kindList)) AND service IN (\(serviceList)) AND time >= ? AND time <= ? AND incident IS NULL",
                        SQLArguments(binding: services) + [lower.milliseconds, windowEnd.milliseconds]
                    ))
            }
        }
        return parts
    }
}

extension EventStore {
    /// The incident's lifecycle, services and signal window; throws `unknownID` for an unknown id.
    package func incidentScope(_ id: String, lookback: TimeSpan = .hours(1)) throws -> IncidentScope {
        let scope = try read { s in try IncidentScope.resolve(id, in: StoreAnalysisSource(s), lookback: lookback) }
        guard let scope else { throw try unknownIncident(id) }
        return scope
    }

    /// Impact start: the earliest of the incident's signals, or `nil` when it has none.
    package func impactStart(of scope: IncidentScope) throws -> Timestamp? {
        try read { s in
            // Each half on its own index: a seek per kind, not a pass over every signal.
            try EventKind.signals.flatMap { scope.signalParts(kinds: [$0]) }.compactMap { part in
                try s.value(Int64.self, "SELECT MIN(time) FROM event WHERE \(part.sql)", part.arguments)
            }.min().map(Timestamp.init(milliseconds:))
        }
    }
}
