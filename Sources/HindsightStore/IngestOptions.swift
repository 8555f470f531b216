/// How an ingest treats bad records.
public struct IngestOptions: Sendable {
    /// Store the valid records and list the invalid ones, instead of storing nothing.
    public var skipInvalid = false
    /// How many problems are listed in full; the rest are counted.
    public var listLimit = 20

    public init(skipInvalid: Bool = false, listLimit: Int = 20) {
        self.skipInvalid = skipInvalid
        self.listLimit = listLimit
    }
}
