import Foundation

/// The fields of an `application/x-www-form-urlencoded` body, each decoded once (`+` is a space).
package struct FormFields: Sendable, Equatable {
    package private(set) var pairs: [(name: String, value: String)] = []

    package init(_ body: String) {
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            pairs.append((decode(kv[0]), kv.count > 1 ? decode(kv[1]) : ""))
        }
    }

    /// The first value of `name`.
    package subscript(_ name: String) -> String? { pairs.first { $0.name == name }?.value }

    /// Every value of `name`, in order.
    package func all(_ name: String) -> [String] { pairs.filter { $0.name == name }.map(\.value) }

    package static func == (a: FormFields, b: FormFields) -> Bool {
        a.pairs.elementsEqual(b.pairs) { $0.name == $1.name && $0.value == $1.value }
    }
}
