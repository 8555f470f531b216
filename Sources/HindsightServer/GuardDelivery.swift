import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Sends one notification: a JSON POST to a URL with the given headers; returns the HTTP status.
package protocol GuardDelivery: Sendable {
    func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> Int
}

/// `GuardDelivery` over Foundation's URL loading (libcurl on Linux): HTTPS with the system's certificates, a time
/// limit per attempt, no cookies, no redirects followed into another scheme.
package struct URLSessionDelivery: GuardDelivery {
    let session: URLSession

    package init(timeout: TimeInterval = 10) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.timeoutIntervalForResource = timeout
        configuration.httpCookieAcceptPolicy = .never
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    package func post(url: String, headers: [(String, String)], body: [UInt8]) async throws -> Int {
        guard let target = URL(string: url) else { throw GuardDeliveryError.badURL(url) }
        var request = URLRequest(url: target)
        request.httpMethod = "POST"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body)
        let (_, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw GuardDeliveryError.notHTTP }
        return http.statusCode
    }
}

/// Why a delivery did not get an HTTP answer.
package enum GuardDeliveryError: Error, CustomStringConvertible {
    case badURL(String)
    case notHTTP

    package var description: String {
        switch self {
        case .badURL: "the target URL is not valid"
        case .notHTTP: "the target did not answer in HTTP"
        }
    }
}
