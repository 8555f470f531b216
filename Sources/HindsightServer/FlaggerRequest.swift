import Hindsight
import HindsightFormats

/// The body Flagger posts to a webhook (its `CanaryWebhookPayload`): the canary's `name`, `namespace`, `phase`,
/// `checksum` and the webhook's `metadata`, a map of strings. The guard reads from `metadata`: `change` (the change to
/// judge), `service` (the service, when it is not the canary's name), `strict` (`"true"`: an inconclusive verdict
/// halts) and `token` (for a Flagger that cannot set an `Authorization` header).
struct FlaggerRequest: Sendable, Equatable {
    var name: String
    var namespace: String?
    var phase: String?
    var checksum: String?
    var metadata: [String: String]

    /// Parses the body; a 400 naming the field for anything else than Flagger's shape.
    init(body: String) throws(APIError) {
        let hint = "send Flagger's webhook body: {\"name\": \"podinfo\", \"namespace\": \"test\", \"phase\": \"Progressing\", \"metadata\": {…}}"
        let json: JSONValue
        do { json = try JSONParser.parse(body) } catch {
            throw APIError(.badRequest, "request body: \(error)", field: "body", hint: hint)
        }
        guard json.objectValue != nil else { throw APIError(.badRequest, "request body is \(json.typeName), not an object", field: "body", hint: hint) }
        guard let name = json["name"]?.stringValue, !name.isEmpty else {
            throw APIError(.badRequest, "'name' is missing or not a string", field: "name", hint: hint)
        }
        self.name = name
        namespace = json["namespace"]?.stringValue
        phase = json["phase"]?.stringValue
        checksum = json["checksum"]?.stringValue
        metadata = [:]
        if let members = json["metadata"]?.objectValue {
            for m in members {
                switch m.value {
                case .string(let s): metadata[m.key] = s
                case .bool(let b): metadata[m.key] = b ? "true" : "false"
                case .number(let n): metadata[m.key] = n
                default:
                    throw APIError(
                        .badRequest, "metadata.\(m.key) is \(m.value.typeName); Flagger's metadata holds strings", field: "metadata.\(m.key)", hint: hint)
                }
            }
        } else if let other = json["metadata"], other != .null {
            throw APIError(.badRequest, "'metadata' is \(other.typeName), not an object", field: "metadata", hint: hint)
        }
    }

    /// The token in `metadata.token`, without parsing the rest: what authenticates a body before it is trusted.
    static func token(in body: String) -> String? {
        (try? JSONParser.parse(body))?["metadata"]?["token"]?.stringValue
    }

    /// Whether an inconclusive verdict halts: `metadata.strict` is `true`.
    var strict: Bool { metadata["strict"].map { ["true", "1", "yes"].contains($0.lowercased()) } ?? false }

    /// The service whose change in progress is judged when no `metadata.change` names one.
    var service: String { metadata["service"].flatMap { $0.isEmpty ? nil : $0 } ?? name }
}
