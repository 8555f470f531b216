import Hindsight

/// Turns one parsed payload of an ecosystem format (a webhook body, a CDEvent) into native records.
package protocol PayloadAdapter: Sendable {
    /// The format this adapter reads, named in messages and in the ids it makes.
    var format: InputFormat { get }

    /// Maps one payload; a payload may stand for several events (an Alertmanager group), or none.
    func records(from payload: Payload) -> [DecodedRecord]
}

extension PayloadAdapter {
    /// Maps one parsed JSON value found at `location`.
    package func records(from value: JSONValue, at location: SourceLocation) -> [DecodedRecord] {
        records(from: Payload(value, location: location, format: format.rawValue))
    }
}
