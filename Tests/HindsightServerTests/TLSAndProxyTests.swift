import Crypto
import Foundation
import HTTPTypes
import HindsightServer
import HindsightTestSupport
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import NIOEmbedded
import SwiftASN1
import Testing
import X509

/// `serve --tls-cert --tls-key` serves HTTPS with a certificate made here; `--behind-proxy` trusts the
/// proxy's `X-Forwarded-*` headers and nothing else does.
@Suite struct TLSAndProxyTests {
    /// A self-signed certificate for `localhost` and its key, as PEM files in a fresh folder.
    static func certificateFiles() throws -> (folder: URL, certificate: String, key: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("localhost") }
        let now = Date()
        let certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: .init(key.publicKey),
            notValidBefore: now - 3600, notValidAfter: now + 86_400, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions { SubjectAlternativeNames([.dnsName("localhost")]) },
            issuerPrivateKey: .init(key))
        let certificatePath = folder.appendingPathComponent("cert.pem").path
        let keyPath = folder.appendingPathComponent("key.pem").path
        try certificate.serializeAsPEM().pemString.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(toFile: keyPath, atomically: true, encoding: .utf8)
        return (folder, certificatePath, keyPath)
    }

    @Test func servesHTTPSWithAGeneratedCertificateAndItsSessionCookiesAreSecure() async throws {
        let files = try Self.certificateFiles()
        defer { try? FileManager.default.removeItem(at: files.folder) }
        let certificate = try ServerCertificate.load(certificate: files.certificate, key: files.key)
        let f = try ServerFixture { settings in settings.serveTLS(certificate) }
        var logger = Logger(label: "hindsight.test")
        logger.logLevel = .error
        try await f.server.buildApplication(logger: logger).test(.ahc(.https)) { client in
            try await client.execute(uri: "/healthz", method: .get) { r in
                #expect(r.status == .ok)
                #expect(r.text.contains("\"status\":\"ok\""))
            }
            let event = #"{"id":"d-1","time":"2024-07-19T04:00:00Z","kind":"deploy","service":"api"}"#
            try await client.execute(uri: "/v1/events", method: .post, headers: ServerFixture.bearer(f.writer), body: ByteBuffer(string: event)) { r in
                #expect(r.status == .ok, "\(r.text)")
            }
            // Plain HTTP on the TLS port gets no HTTP answer.
            let plain = try RawConnection(port: client.port!)
            await plain.send("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            #expect(await plain.waitForClose(seconds: 5))
            #expect(!String(decoding: plain.received, as: UTF8.self).contains("200 OK"))
        }
        #expect(try f.store.totalEvents() == 1)
        // The settings a certificate makes: requests are secure, so the session cookie is.
        try await f.test { client in
            try await client.execute(
                uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .origin: "https://localhost"],
                body: ByteBuffer(string: "token=\(f.reader.token)")
            ) { r in
                #expect(r.status == .seeOther, "\(r.text)")
                #expect(r.headers[.setCookie]?.hasSuffix("; Secure") == true)
            }
        }
    }

    @Test func aMissingFileAKeyOfAnotherCertificateAndAFileThatIsNoCertificateAreRefusedNamingTheFile() throws {
        let files = try Self.certificateFiles()
        let other = try Self.certificateFiles()
        defer {
            try? FileManager.default.removeItem(at: files.folder)
            try? FileManager.default.removeItem(at: other.folder)
        }
        let missing = files.folder.appendingPathComponent("nope.pem").path
        #expect(throws: ServerError.badCertificate(path: missing, reason: "no such file")) {
            try ServerCertificate.load(certificate: missing, key: files.key)
        }
        do {
            _ = try ServerCertificate.load(certificate: files.certificate, key: other.key)
            Issue.record("a key of another certificate was accepted")
        } catch {
            guard case .badCertificate(let path, let reason) = error else { throw error }
            #expect(path == other.key)
            #expect(reason.contains("not the private key of the certificate"))
        }
        do {
            _ = try ServerCertificate.load(certificate: files.key, key: files.key)
            Issue.record("a key was accepted as a certificate")
        } catch {
            guard case .badCertificate(let path, let reason) = error else { throw error }
            #expect(path == files.key)
            #expect(reason.contains("PEM certificate"))
        }
    }

    @Test func behindAProxyTheFormsOriginIsTheForwardedHostAndSchemeOtherwiseTheyAreIgnored() async throws {
        let forwarded: HTTPFields = [
            .contentType: "application/x-www-form-urlencoded", .origin: "https://hindsight.example.com",
            HTTPField.Name("X-Forwarded-Proto")!: "https", HTTPField.Name("X-Forwarded-Host")!: "hindsight.example.com",
            HTTPField.Name("X-Forwarded-For")!: "198.51.100.7",
        ]
        for behindProxy in [true, false] {
            let f = try ServerFixture { settings in settings.behindProxy = behindProxy }
            try await f.test { client in
                try await client.execute(uri: "/login", method: .post, headers: forwarded, body: ByteBuffer(string: "token=\(f.reader.token)")) { r in
                    if behindProxy {
                        #expect(r.status == .seeOther, "\(r.text)")
                        #expect(r.headers[.setCookie]?.hasSuffix("; Secure") == true)
                    } else {
                        #expect(r.status == .forbidden)
                        #expect(r.json["field"] as? String == "Origin")
                    }
                }
            }
        }
    }

    @Test func theClientAddressIsTheProxysLastForwardedEntryOnlyBehindAProxy() throws {
        let f = try ServerFixture { settings in settings.behindProxy = true }
        let channel = NIOAsyncTestingChannel()
        func request(_ values: [String]) -> Request {
            var fields = HTTPFields()
            for v in values { fields.append(HTTPField(name: HTTPField.Name("X-Forwarded-For")!, value: v)) }
            return Request(
                head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: "/", headerFields: fields),
                body: RequestBody(buffer: ByteBuffer()))
        }
        let proxy = RequestTransport(settings: f.server.settings)
        #expect(proxy.clientAddress(request(["203.0.113.9, 198.51.100.7"]), channel: channel) == "198.51.100.7")
        #expect(proxy.clientAddress(request(["203.0.113.9", "198.51.100.8"]), channel: channel) == "198.51.100.8")
        #expect(proxy.clientAddress(request([]), channel: channel) == "-")
        let direct = RequestTransport(settings: try ServerFixture().server.settings)
        #expect(direct.clientAddress(request(["203.0.113.9"]), channel: channel) == "-")
    }
}
