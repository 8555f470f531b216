import Foundation
import Hindsight
import TOMLKit

/// The `[guard]` table of `hindsight.toml`: how often `serve` re-evaluates the changes it watches, where the
/// notifications link to, and whom they go to (docs/guard.md).
///
/// ```toml
/// [guard]
/// interval = "1m"                                  # re-evaluate at least this often (and on every signal)
/// site = "https://hindsight.example.com"           # links in notifications point here
///
/// [[guard.webhook]]                                # a Standard Webhooks-signed JSON POST
/// url = "https://ops.example.com/hooks/hindsight"
/// secret_file = "/etc/hindsight/guard-webhook.secret"   # holds whsec_… (or: secret = "whsec_…")
///
/// [[guard.slack]]                                  # a Slack incoming webhook
/// url_file = "/etc/hindsight/slack-webhook-url"    # or: url = "https://hooks.slack.com/services/…"
/// ```
package struct GuardConfig: Sendable, Equatable {
    /// One place notifications go.
    package struct Target: Sendable, Equatable {
        package var url: String
        /// The Standard Webhooks secret's bytes (after `whsec_`, base64-decoded); `nil` for Slack.
        package var secret: [UInt8]?

        package init(url: String, secret: [UInt8]? = nil) {
            self.url = url
            self.secret = secret
        }
    }

    package var interval: TimeSpan = .minutes(1)
    /// The site's base URL, for links to the incident page; `nil`: notifications carry the path only.
    package var site: String?
    package var webhooks: [Target] = []
    package var slack: [Target] = []

    package init() {}

    /// The keys of `[guard]`.
    static let keys: Set<String> = ["interval", "site", "webhook", "slack"]
}

extension HindsightConfig {
    /// Reads `[guard]`; errors name the file, the line and the key. Files named by `secret_file` and `url_file` are read
    /// relative to the configuration's folder.
    static func guardConfig(_ table: TOMLTable, lines: [String], path: String) throws(ConfigError) -> GuardConfig {
        var config = GuardConfig()
        func fail(_ key: String, _ message: String, line: Int? = nil) -> ConfigError {
            .invalid(path: path, line: line ?? Self.line(of: "guard.\(key)", in: lines), key: "guard.\(key)", message: message)
        }
        if let interval = table["interval"]?.string {
            guard let span = TimeSpan.parse(interval), span >= .seconds(5) else {
                throw fail("interval", "'\(interval)' is not a duration of at least 5s, such as \"1m\"")
            }
            config.interval = span
        } else if table["interval"] != nil {
            throw fail("interval", "must be a duration in quotes, such as \"1m\"")
        }
        if table["site"] != nil {
            guard let site = table["site"]?.string, site.hasPrefix("http://") || site.hasPrefix("https://") else {
                throw fail("site", "must be the site's base URL, such as \"https://hindsight.example.com\"")
            }
            config.site = site.hasSuffix("/") ? String(site.dropLast()) : site
        }
        let folder = path.contains("/") ? String(path[...path.lastIndex(of: "/")!]) : ""
        for (name, isSlack) in [("webhook", false), ("slack", true)] where table[name] != nil {
            guard let items = table[name]?.array?.compactMap({ $0.table }), items.count == table[name]?.array?.count else {
                throw fail(name, "must be tables written [[guard.\(name)]]")
            }
            let headers = lines.indices.filter { lines[$0].trimmingSpaces.hasPrefix("[[guard.\(name)]]") }
            for (i, item) in items.enumerated() {
                let header = i < headers.count ? headers[i] : nil
                func place(_ key: String) -> Int? {
                    guard let header else { return nil }
                    var j = header + 1
                    while j < lines.count, !lines[j].trimmingSpaces.hasPrefix("[") {
                        let l = lines[j].trimmingSpaces
                        if let eq = l.firstIndex(of: "="), String(l[..<eq]).trimmingSpaces == key { return j + 1 }
                        j += 1
                    }
                    return header + 1
                }
                func bad(_ key: String, _ message: String) -> ConfigError { fail("\(name).\(key)", message, line: place(key)) }
                let known: Set<String> = isSlack ? ["url", "url_file"] : ["url", "url_file", "secret", "secret_file"]
                for key in item.keys where !known.contains(key) {
                    let hint =
                        Suggest.nearest(key, in: known.sorted()).map { "did you mean '\($0)'?" } ?? "its keys are \(known.sorted().joined(separator: ", "))"
                    throw bad(key, "unknown key; \(hint)")
                }
                var url = item["url"]?.string
                if let file = item["url_file"]?.string {
                    url = try Self.secretFile(file, folder: folder) { bad("url_file", $0) }
                }
                guard let url, url.hasPrefix("http://") || url.hasPrefix("https://") else {
                    throw bad("url", "is missing or not an http(s) URL; give url or url_file")
                }
                var target = GuardConfig.Target(url: url)
                if !isSlack {
                    var secret = item["secret"]?.string
                    if let file = item["secret_file"]?.string {
                        secret = try Self.secretFile(file, folder: folder) { bad("secret_file", $0) }
                    }
                    guard let secret else { throw bad("secret", "is missing; give secret or secret_file with the receiver's whsec_… secret") }
                    guard secret.hasPrefix("whsec_"), let bytes = Data(base64Encoded: String(secret.dropFirst(6))), (24...64).contains(bytes.count)
                    else {
                        throw bad(
                            item["secret_file"] != nil ? "secret_file" : "secret", "must hold a Standard Webhooks secret: whsec_ and 24 to 64 bytes in base64")
                    }
                    target.secret = Array(bytes)
                }
                if isSlack { config.slack.append(target) } else { config.webhooks.append(target) }
            }
        }
        return config
    }

    /// The first line of the file at `file` (relative to `folder`), trimmed: a secret kept out of the configuration.
    static func secretFile(_ file: String, folder: String, fail: (String) -> ConfigError) throws(ConfigError) -> String {
        let full = file.hasPrefix("/") ? file : folder + file
        guard let f = fopen(full, "rb") else { throw fail("cannot read '\(full)': \(String(cString: strerror(errno)))") }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 65536 {
            let n = fread(&chunk, 1, chunk.count, f)
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        let text = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).first.map { String($0).trimmingSpaces } ?? ""
        guard !text.isEmpty else { throw fail("'\(full)' is empty") }
        return text
    }
}
