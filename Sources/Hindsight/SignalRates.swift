/// How many signals of each kind happened in each of equal time buckets (summed `count`s):
/// what a timeline chart draws as rates.
public struct SignalRates: Sendable, Equatable {
    public var start: Timestamp
    public var bucket: TimeSpan
    /// Per kind, one total per bucket, oldest first; every array has `buckets` entries.
    public var counts: [EventKind: [Int]]
    public var buckets: Int

    public init(start: Timestamp, bucket: TimeSpan, buckets: Int, counts: [EventKind: [Int]] = [:]) {
        self.start = start
        self.bucket = bucket
        self.buckets = buckets
        self.counts = counts
    }
}
