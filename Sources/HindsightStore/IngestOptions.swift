import HindsightFormats

/// How an ingest treats bad records, and how the ecosystem adapters read theirs.
package struct IngestOptions: Sendable {
    /// Store the valid records and list the invalid ones, instead of storing nothing.
    package var skipInvalid = false
    /// How many problems are listed in full; the rest are counted.
    package var listLimit = 20
    /// Settings of the ecosystem adapters (the Alertmanager labels that name a service).
    package var adapters = AdapterOptions()
    /// Into an empty store, build the secondary indexes after the rows instead of row by row
    /// (`BulkLoad`); off only to compare the two paths.
    package var bulkLoad = true

    package init(skipInvalid: Bool = false, listLimit: Int = 20, adapters: AdapterOptions = AdapterOptions(), bulkLoad: Bool = true) {
        self.skipInvalid = skipInvalid
        self.listLimit = listLimit
        self.adapters = adapters
        self.bulkLoad = bulkLoad
    }
}
