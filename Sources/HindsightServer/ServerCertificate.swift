import Foundation
import NIOSSL

/// The certificate chain and private key `serve --tls-cert FILE --tls-key FILE` serves HTTPS with,
/// read from PEM files and checked to belong together before the server starts.
package struct ServerCertificate: Sendable {
    let configuration: TLSConfiguration

    /// Reads `certificate` (the server's certificate, then any intermediates) and `key`.
    package static func load(certificate: String, key: String) throws(ServerError) -> ServerCertificate {
        for path in [certificate, key] where !FileManager.default.isReadableFile(atPath: path) {
            throw .badCertificate(
                path: path, reason: FileManager.default.fileExists(atPath: path) ? "it cannot be read (permissions)" : "no such file")
        }
        let chain: [NIOSSLCertificate]
        do {
            chain = try NIOSSLCertificate.fromPEMFile(certificate)
        } catch {
            throw .badCertificate(path: certificate, reason: "it is not a PEM certificate (-----BEGIN CERTIFICATE-----)")
        }
        guard !chain.isEmpty else { throw .badCertificate(path: certificate, reason: "it holds no PEM certificate") }
        let privateKey: NIOSSLPrivateKey
        do {
            privateKey = try NIOSSLPrivateKey(file: key, format: .pem)
        } catch {
            throw .badCertificate(path: key, reason: "it is not an unencrypted PEM private key (-----BEGIN PRIVATE KEY-----)")
        }
        var configuration = TLSConfiguration.makeServerConfiguration(
            certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(privateKey))
        configuration.applicationProtocols = ["http/1.1"]
        do {
            _ = try NIOSSLContext(configuration: configuration)
        } catch {
            throw .badCertificate(path: key, reason: "it is not the private key of the certificate in '\(certificate)'")
        }
        return ServerCertificate(configuration: configuration)
    }
}
