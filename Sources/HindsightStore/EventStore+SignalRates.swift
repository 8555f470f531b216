import Hindsight

extension EventStore {
    /// The incident's signals from `start` summed per kind into `buckets` buckets of `bucket` each, in SQL:
    /// one range sum per bucket, kind and half of "its signals", each read in its index's order (grouping
    /// by a computed bucket would sort a million crashes first).
    package func signalRates(
        incident: String, start: Timestamp, bucket: TimeSpan, buckets: Int,
        lookback: TimeSpan = .hours(1)
    ) throws -> SignalRates {
        let scope = try incidentScope(incident, lookback: lookback)
        let width = TimeSpan(milliseconds: max(1, bucket.milliseconds))
        return try read { s in
            var rates = SignalRates(start: start, bucket: width, buckets: buckets)
            for kind in EventKind.signals {
                var counts = Array(repeating: 0, count: buckets)
                var any = false
                for b in 0..<buckets {
                    let from = start + TimeSpan(milliseconds: Int64(b) * width.milliseconds)
                    for part in scope.signalParts(kinds: [kind], from: from, to: from + width) {
                        guard let row = try s.row("SELECT COUNT(*), CAST(SUM(count) AS BIGINT) FROM event WHERE \(part.sql)", part.arguments) else { continue }
                        let events: Int = row[0]
                        guard events > 0 else { continue }
                        any = true
                        counts[b] += row[1]
                    }
                }
                if any { rates.counts[kind] = counts }
            }
            return rates
        }
    }
}
