/// What a server token may do. Each scope includes the ones before it: `read` (pages, GET API and the
/// guard's gates), `write` (also ingest and team actions), `admin` (also token management).
package enum TokenScope: String, Sendable, CaseIterable, Comparable {
    case read, write, admin

    package static func < (a: TokenScope, b: TokenScope) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Whether a token of this scope may do what `needed` allows.
    package func allows(_ needed: TokenScope) -> Bool { self >= needed }
}
