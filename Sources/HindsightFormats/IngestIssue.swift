/// A record that cannot be stored: where it is, which field, and what to do about it.
package struct IngestIssue: Error, Sendable, Equatable, CustomStringConvertible {
    package var location: SourceLocation
    /// The field at fault, as a path (`scope.percent`); `nil` when the record as a whole is wrong.
    package var field: String?
    package var message: String
    /// The format being read (`native`, `cdevents`, …), named in the message for adapters.
    package var format: String
    /// Set when no format recognised the record: the format it comes closest to, if any, so a front
    /// end can say which `--format` to try.
    package var unrecognised: Unrecognised?
    /// Set when the record lacks what a front end can supply, so it can say how.
    package var cause: Cause?

    /// What a record lacks that a front end's settings can supply.
    package enum Cause: Sendable, Equatable {
        /// The payload carries no time: the time it was received would do.
        case noTime
        /// No label named the alert's service.
        case noServiceLabel
    }

    /// A record no format recognised: the format it comes closest to, or the producer it comes from
    /// when Hindsight reads none of that kind of its payloads.
    package struct Unrecognised: Sendable, Equatable {
        package var closest: InputFormat?
        package var producer: String?

        package init(closest: InputFormat?, producer: String? = nil) {
            self.closest = closest
            self.producer = producer
        }
    }

    package init(location: SourceLocation, field: String? = nil, message: String, format: String = "native", unrecognised: Unrecognised? = nil) {
        self.location = location
        self.field = field
        self.message = message
        self.format = format
        self.unrecognised = unrecognised
    }

    package var description: String {
        var s = "\(location): "
        if format != "native" && !format.isEmpty { s += "\(format): " }
        if let field { s += "field '\(field)': " }
        return s + message
    }
}
