import Hindsight

extension EventStore {
    /// The incident's signals from `start` summed per kind into `buckets` buckets of `bucket` each,
    /// aggregated in SQL on each half of "its signals" (so a million crashes cost a grouped index walk).
    package func signalRates(
        incident: String, start: Timestamp, bucket: TimeSpan, buckets: Int,
        lookback: TimeSpan = .hours(1)
    ) throws -> SignalRates {
        let scope = try incidentScope(incident, lookback: lookback)
        let width = max(1, bucket.milliseconds)
        var rates = SignalRates(start: start, bucket: TimeSpan(milliseconds: width), buckets: buckets)
        try read { s in
            for part in scope.signalParts() {
                let rows = try s.rows(
                    """
                    SELECT kind, (time - ?) / ? AS b, SUM(count) FROM event
                    WHERE \(part.sql) AND time >= ? AND time < ? GROUP BY kind, b
                    """,
                    SQLArguments(binding: [start.milliseconds, width]) + part.arguments
                        + [start.milliseconds, start.milliseconds + width * Int64(buckets)])
                for row in rows {
                    guard let kind = EventKind(rawValue: row[0]) else { continue }
                    let b: Int = row[1]
                    let n: Int = row[2]
                    rates.counts[kind, default: Array(repeating: 0, count: buckets)][b] += n
                }
            }
        }
        return rates
    }
}
