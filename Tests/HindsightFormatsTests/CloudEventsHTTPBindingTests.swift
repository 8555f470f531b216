import Hindsight
import Testing

@testable import HindsightFormats

/// The CloudEvents HTTP binding: every content mode, read by the one CloudEvents reader.
@Suite struct CloudEventsHTTPBindingTests {
    typealias S = AdapterTestSupport

    /// The headers and body the official Python SDK's `to_binary(CloudEvent(attributes, data))` makes
    /// (cloudevents/sdk/event/base.py `MarshalBinary`: `ce-` + every attribute, the data `json.dumps`-ed,
    /// no content-type unless `datacontenttype` is set; `requests` adds none for a bytes body).
    static let pythonBinaryHeaders: [(name: String, value: String)] = [
        ("ce-specversion", "1.0"), ("ce-id", "0c7a6a1e-7b1e-4a3c-9a26-1c1b1b0a4f61"), ("ce-source", "https://ci.example.com/deployer"),
        ("ce-type", "com.example.deploy.finished"), ("ce-time", "2024-06-01T10:00:00.123456+00:00"), ("ce-subject", "checkout"),
    ]
    static let pythonBinaryBody = Array(#"{"version": "v2.4.1", "environment": "production", "summary": "deployed caf\u00e9"}"#.utf8)

    @Test func binaryModeFromThePythonSDKIsOneEvent() throws {
        #expect(CloudEventsHTTPBinding.mode(headers: Self.pythonBinaryHeaders) == .binary)
        let body = try CloudEventsHTTPBinding.body(headers: Self.pythonBinaryHeaders, body: Self.pythonBinaryBody)
        let result = try S.read(text: String(decoding: body, as: UTF8.self), format: .cloudevents)
        #expect(result.invalid.isEmpty, "\(result.invalid)")
        let e = try #require(result.only)
        #expect(e.kind == .deploy)  // "deploy" in the type
        #expect(e.id == "cloudevents:https://ci.example.com/deployer:0c7a6a1e-7b1e-4a3c-9a26-1c1b1b0a4f61")
        #expect(e.time == S.time("2024-06-01T10:00:00.123Z"))
        #expect(e.service == "checkout")  // ce-subject
        #expect(e.version == "v2.4.1")
        #expect(e.environment == "production")
        #expect(e.summary == "deployed café")
        #expect(e.source == "https://ci.example.com/deployer")
    }

    @Test func binaryModeCarriesACDEventAndPercentEncodedAttributes() throws {
        // A CDEvents emitter in binary mode: the CDEvent is the data; a header value is percent-encoded.
        let headers: [(name: String, value: String)] = [
            ("Ce-Specversion", "1.0"), ("Ce-Id", "271069a8"), ("Ce-Source", "/event/source/123"), ("Ce-Type", "dev.cdevents.service.deployed.0.2.0"),
            ("Ce-Time", "2023-03-20T14:27:05.315384Z"), ("Ce-Comment", "d%C3%A9ploy%20%22ok%22"), ("Content-Type", "application/json; charset=utf-8"),
        ]
        let cdevent = """
            {"context":{"version":"0.3.0","id":"271069a8","source":"/event/source/123","type":"dev.cdevents.service.deployed.0.1.1","timestamp":"2023-03-20T14:27:05.315384Z"},
             "subject":{"id":"mySubject123","source":"/event/source/123","type":"service","content":{"environment":{"id":"test123"},"artifactId":"pkg:oci/myapp@sha256%3A0b31b1c02ff458ad9b7b81cbdf8f028bd54699fa151f221d1e8de6817db93427"}}}
            """
        let body = try CloudEventsHTTPBinding.body(headers: headers, body: Array(cdevent.utf8))
        let value = try JSONParser.parse(String(decoding: body, as: UTF8.self))
        #expect(value["comment"]?.stringValue == #"déploy "ok""#)
        #expect(value["datacontenttype"]?.stringValue == "application/json; charset=utf-8")
        // Posted to the cdevents hook, the CloudEvent is read as the CDEvent it carries.
        let e = try #require(try S.read(text: String(decoding: body, as: UTF8.self), format: .cdevents).only)
        #expect(e.kind == .deploy)
        #expect(e.service == "mySubject123")
        #expect(e.environment == "test123")
    }

    @Test func structuredAndBatchedBodiesPassAsTheyAre() throws {
        let structured: [(name: String, value: String)] = [("Content-Type", "application/cloudevents+json; charset=UTF-8")]
        #expect(CloudEventsHTTPBinding.mode(headers: structured) == .structured)
        #expect(try CloudEventsHTTPBinding.body(headers: structured, body: Array("{}".utf8)) == Array("{}".utf8))
        let batch: [(name: String, value: String)] = [("content-type", "application/cloudevents-batch+json")]
        #expect(CloudEventsHTTPBinding.mode(headers: batch) == .batched)
        #expect(CloudEventsHTTPBinding.mode(headers: [("Content-Type", "application/json")]) == .plain)
        #expect(
            throws: CloudEventsBindingError(
                header: "Content-Type", problem: "is 'application/cloudevents+xml'; Hindsight reads the JSON event format (application/cloudevents+json)")
        ) {
            _ = try CloudEventsHTTPBinding.body(headers: [("Content-Type", "application/cloudevents+xml")], body: [])
        }
    }

    @Test func binaryModeMistakesNameTheHeader() throws {
        var missingType = Self.pythonBinaryHeaders
        missingType.removeAll { $0.name == "ce-type" }
        #expect(
            throws: CloudEventsBindingError(
                header: "ce-type", problem: "is missing; a CloudEvent in binary content mode carries its type in the ce-type header")
        ) {
            _ = try CloudEventsHTTPBinding.body(headers: missingType, body: Self.pythonBinaryBody)
        }
        #expect(throws: CloudEventsBindingError(header: "ce-subject", problem: "is not valid percent-encoded UTF-8 text")) {
            _ = try CloudEventsHTTPBinding.body(headers: Self.pythonBinaryHeaders.map { $0.name == "ce-subject" ? ($0.name, "%FF%zz") : $0 }, body: [])
        }
        // Data that is not JSON: text for text/*, base64 for anything else.
        let text = try JSONParser.parse(
            String(
                decoding: try CloudEventsHTTPBinding.body(headers: Self.pythonBinaryHeaders + [("Content-Type", "text/plain")], body: Array("hi".utf8)),
                as: UTF8.self))
        #expect(text["data"]?.stringValue == "hi")
        let binary = try JSONParser.parse(
            String(
                decoding: try CloudEventsHTTPBinding.body(
                    headers: Self.pythonBinaryHeaders + [("Content-Type", "application/octet-stream")], body: [0, 1, 2, 255]),
                as: UTF8.self))
        #expect(binary["data_base64"]?.stringValue == "AAEC/w==")
    }
}
