import Hindsight

/// A login session of the pages, read from its genuine, unexpired cookie: whose token it is, and the
/// CSRF token every state-changing form of this session must carry (`PageLayout.csrfField`).
package struct Session: Sendable, Equatable {
    /// The name of the token that logged in; still checked to be active on every request.
    package let tokenName: String
    package let expiry: Timestamp
    /// Bound to this session: a form from another session, or from no page of ours, does not have it.
    package let csrfToken: String

    /// Whether `presented` is this session's CSRF token, compared in constant time.
    package func accepts(csrf presented: String?) -> Bool {
        guard let presented else { return false }
        return ConstantTime.equal(Array(presented.utf8), Array(csrfToken.utf8))
    }
}
