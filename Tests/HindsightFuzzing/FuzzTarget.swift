import Hindsight
import HindsightFormats

/// A reader of untrusted bytes and the properties it must keep on any input. libFuzzer's targets
/// (`Tests/Fuzz/Fuzz<name>`, `make fuzz`) feed it generated inputs; `FuzzRegressionTests` feeds it
/// the inputs a fuzzer once broke it with, and the seeds.
package enum FuzzTarget: String, CaseIterable, Sendable {
    /// Native JSON Lines through the pipelined decoder, and its fast path against the general one.
    case jsonLines = "JSONLines"
    /// The JSON value splitter (with Alertmanager's streamed `alerts`) against the whole-input parser.
    case jsonSplitter = "JSONSplitter"
    /// Native CSV with a header row.
    case csv = "CSV"
    /// Format detection and every producer's adapter.
    case payloads = "Payloads"
    /// `hindsight.toml`, and a payload read with its `[[mapping]]` tables (after `payloadSeparator`).
    case config = "Config"
    /// The CloudEvents HTTP binding's content modes (headers, then body), then the CloudEvents reader.
    case cloudEventsBinding = "CloudEventsBinding"

    /// The properties `bytes` broke, one sentence each; empty when every one held.
    package func check(_ bytes: [UInt8]) -> [String] {
        switch self {
        case .jsonLines: Self.checkJSONLines(bytes)
        case .jsonSplitter: Self.checkJSONSplitter(bytes)
        case .csv: Self.checkCSV(bytes)
        case .payloads: Self.checkPayloads(bytes)
        case .config: Self.checkConfig(bytes)
        case .cloudEventsBinding: Self.checkCloudEventsBinding(bytes)
        }
    }

    /// The extensions of the fixture files the target is seeded from (scripts/fuzz.sh picks the same).
    package var seedExtensions: Set<String> {
        switch self {
        case .jsonLines: ["jsonl"]
        case .jsonSplitter, .payloads: ["json", "jsonl"]
        case .csv: ["csv"]
        case .config: ["toml"]
        case .cloudEventsBinding: ["http"]
        }
    }

    /// libFuzzer's entry: a broken property stops the process, so the fuzzer keeps the input.
    package func run(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        let broken = check(bytes)
        if !broken.isEmpty { fatalError("\(rawValue): " + broken.joined(separator: "\n")) }
        return 0
    }
}
