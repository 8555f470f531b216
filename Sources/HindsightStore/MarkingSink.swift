import Hindsight

/// An event sink that notes what each stored event touches (`SummaryMarks`) and, when flushed, marks
/// the incident summaries it can change in the same transaction.
final class MarkingSink: EventSink {
    let inner: any EventSink
    let session: any SQLSession
    /// Nil when the schema has no summaries to mark (an older one, opened for migration).
    let marks: SummaryMarks?

    init(_ session: any SQLSession, marking: Bool) throws {
        self.session = session
        inner = try session.eventSink()
        marks = marking ? SummaryMarks() : nil
    }

    func add(_ event: Event, outcome: @escaping (InsertOutcome) -> Void) throws {
        try inner.add(event) { [marks] result in
            switch result {
            case .new, .merged: marks?.add(event)
            case .duplicate, .conflict: break
            }
            outcome(result)
        }
    }

    func flush() throws {
        try inner.flush()
        try marks?.apply(in: session)
    }
}
