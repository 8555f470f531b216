/// One rule naming an event's service from its labels: a label's value, or the host part of a
/// label holding an address (`instance: "db-1.example.com:9100"` → `db-1.example.com`).
package enum ServiceRule: Sendable, Equatable, CustomStringConvertible {
    case label(String)
    case hostOf(String)

    /// `NAME` is a label; `NAME:host` the host part of the label `NAME`.
    package init(parsing text: String) {
        if text.hasSuffix(":host"), text.count > 5 {
            self = .hostOf(String(text.dropLast(5)))
        } else {
            self = .label(text)
        }
    }

    package var description: String {
        switch self {
        case .label(let name): name
        case .hostOf(let name): "\(name):host"
        }
    }

    /// The service this rule names from `labels`; `nil` when the label is absent or empty.
    package func service(from labels: (String) -> String?) -> String? {
        switch self {
        case .label(let name):
            return labels(name)
        case .hostOf(let name):
            guard var value = labels(name) else { return nil }
            if let scheme = value.range(of: "://") { value = String(value[scheme.upperBound...]) }
            if let slash = value.firstIndex(of: "/") { value = String(value[..<slash]) }
            if value.hasPrefix("["), let close = value.firstIndex(of: "]") {  // [::1]:9100
                value = String(value[value.index(after: value.startIndex)..<close])
            } else if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") {
                value = String(value[..<colon])
            }
            return value.isEmpty ? nil : value
        }
    }
}
