import HindsightFormats

/// How an ingest treats bad records, and how the ecosystem adapters read theirs.
public struct IngestOptions: Sendable {
    /// Store the valid records and list the invalid ones, instead of storing nothing.
    public var skipInvalid = false
    /// How many problems are listed in full; the rest are counted.
    public var listLimit = 20
    /// Settings of the ecosystem adapters (the Alertmanager labels that name a service).
    public var adapters = AdapterOptions()
    /// Into an empty store, build the secondary indexes after the rows instead of row by row
    /// (`BulkLoad`); off only to compare the two paths.
    public var bulkLoad = true

    public init(skipInvalid: Bool = false, listLimit: Int = 20, adapters: AdapterOptions = AdapterOptions(), bulkLoad: Bool = true) {
        self.skipInvalid = skipInvalid
        self.listLimit = listLimit
        self.adapters = adapters
        self.bulkLoad = bulkLoad
    }
}
