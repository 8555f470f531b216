/// A record that cannot be stored: where it is, which field, and what to do about it.
public struct IngestIssue: Error, Sendable, Equatable, CustomStringConvertible {
    public var location: SourceLocation
    /// The field at fault, as a path (`scope.percent`); `nil` when the record as a whole is wrong.
    public var field: String?
    public var message: String
    /// The format being read (`native`, `cdevents`, …), named in the message for adapters.
    public var format: String
    /// Set when no format recognised the record: the format it comes closest to, if any, so a front
    /// end can say which `--format` to try.
    public var unrecognised: Unrecognised?

    /// A record no format recognised, and the format it comes closest to.
    public struct Unrecognised: Sendable, Equatable {
        public var closest: InputFormat?
    }

    public init(location: SourceLocation, field: String? = nil, message: String, format: String = "native", unrecognised: Unrecognised? = nil) {
        self.location = location
        self.field = field
        self.message = message
        self.format = format
        self.unrecognised = unrecognised
    }

    public var description: String {
        var s = "\(location): "
        if format != "native" && !format.isEmpty { s += "\(format): " }
        if let field { s += "field '\(field)': " }
        return s + message
    }
}
