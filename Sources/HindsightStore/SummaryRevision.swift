/// One row of a page of incident summaries as it stands: the incident, the revision of its summary
/// (changed by every recomputation), and where it sorts.
package struct SummaryRevision: Sendable, Equatable {
    package var incident: String
    package var revision: Int64
    package var sortTime: Int64
}
