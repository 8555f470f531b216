import HTTPTypes
import Hummingbird
import NIOCore

/// How a request reached the server: over TLS or not, and so the server's own origin as the browser
/// sees it, and from which address. Serving TLS itself (`ServerSettings.tls`) or a trusted proxy's
/// `X-Forwarded-Proto` (`ServerSettings.behindProxy`) makes a request secure; behind a proxy, the
/// browser's host is the proxy's `X-Forwarded-Host` (else `Host`) and the client's address the last
/// one the proxy added to `X-Forwarded-For`. Without `behindProxy` those headers are ignored: anyone
/// can send them.
package struct RequestTransport: Sendable {
    let settings: ServerSettings

    package init(settings: ServerSettings) { self.settings = settings }

    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!
    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!

    /// Whether the browser sent this request over HTTPS: session cookies set in answer are `Secure`.
    package func isSecure(_ request: Request) -> Bool {
        if settings.tls { return true }
        guard settings.behindProxy, let proto = request.headers[Self.forwardedProto] else { return false }
        // A chain of proxies appends; the first is what the browser used.
        return proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }

    /// `scheme://host[:port]` of this server for this request, by its `Host` (or the proxy's
    /// `X-Forwarded-Host`); `nil` without one.
    package func origin(of request: Request) -> String? {
        var host = request.head.authority
        if settings.behindProxy, let forwarded = request.headers[Self.forwardedHost] {
            host = forwarded.split(separator: ",").first?.trimmingCharacters(in: .whitespaces)
        }
        guard let host, !host.isEmpty else { return nil }
        return Self.normalized(scheme: isSecure(request) ? "https" : "http", authority: host)
    }

    /// The client's address for the log: the connection's peer, or behind a proxy the last address in
    /// `X-Forwarded-For` (the one the proxy itself added; earlier ones are the client's say-so).
    package func clientAddress(_ request: Request, channel: any Channel) -> String {
        if settings.behindProxy {
            let chain = request.headers[values: Self.forwardedFor].joined(separator: ",").split(separator: ",")
            if let last = chain.last?.trimmingCharacters(in: .whitespaces), !last.isEmpty { return last }
        }
        return channel.remoteAddress?.ipAddress ?? "-"
    }

    /// Whether a browser's form came from this server's own pages: its `Origin`, or without one its
    /// `Referer`, names this server's origin. `Origin: null` (a sandboxed or privacy-stripped form) and
    /// a request with neither are refused.
    package func checkSameOrigin(_ request: Request) throws(APIError) {
        guard let own = origin(of: request) else {
            throw APIError(.badRequest, "the request has no Host", field: "Host", hint: "send the Host header")
        }
        let hint = "submit the form from this server's own pages (\(own)); a form from another site is refused"
        if let presented = request.headers[.origin] {
            guard let seen = Self.origin(ofURL: presented), seen == own else {
                throw APIError(.forbidden, "the form came from another origin (\(presented))", field: "Origin", hint: hint)
            }
            return
        }
        guard let referer = request.headers[.referer] else {
            throw APIError(
                .forbidden, "the form's origin is unknown: the request has neither Origin nor Referer", field: "Origin",
                hint: hint + "; a browser sends Origin with every form")
        }
        guard let seen = Self.origin(ofURL: referer), seen == own else {
            throw APIError(.forbidden, "the form came from another page than this server's (\(referer))", field: "Referer", hint: hint)
        }
    }

    /// The normalized origin of an absolute http(s) URL or origin; `nil` for anything else (`null` included).
    static func origin(ofURL text: String) -> String? {
        guard let schemeEnd = text.range(of: "://") else { return nil }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("@") else { return nil }
        return normalized(scheme: scheme, authority: String(authority))
    }

    /// Lowercased, without the scheme's default port.
    static func normalized(scheme: String, authority: String) -> String {
        var host = authority.lowercased()
        let defaultPort = scheme == "https" ? ":443" : ":80"
        if host.hasSuffix(defaultPort) { host.removeLast(defaultPort.count) }
        return "\(scheme)://\(host)"
    }
}
