import HindsightStore

/// Who a request is from, as the authentication middleware of its route group found it.
package struct Principal: Sendable, Equatable {
    /// How the request proved it.
    package enum Credential: Sendable, Equatable {
        /// `Authorization: Bearer`.
        case bearer
        /// The login session's cookie (a browser: state-changing requests also pass the CSRF checks).
        case session
        /// A producer's signature made with the token's secret.
        case signature
        /// Nothing: reads are open (`--open-read`).
        case openRead
    }

    /// The token's name; `nil` for an anonymous reader.
    package var name: String?
    package var scope: TokenScope
    /// The only hook the token may post to.
    package var format: String?
    package var credential: Credential

    package init(token: APIToken, credential: Credential) {
        name = token.name
        scope = token.scope
        format = token.format
        self.credential = credential
    }

    /// Anyone, when reads are open.
    package static let anonymousReader = Principal(name: nil, scope: .read, format: nil, credential: .openRead)

    init(name: String?, scope: TokenScope, format: String?, credential: Credential) {
        self.name = name
        self.scope = scope
        self.format = format
        self.credential = credential
    }
}
