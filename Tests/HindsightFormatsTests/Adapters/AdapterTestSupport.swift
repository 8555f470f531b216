import Foundation
import Hindsight

@testable import HindsightFormats

/// What reading one input produced, sorted by kind of record.
struct AdapterReadResult {
    /// The formats read, in the order first met.
    var formats: [InputFormat] = []
    var format: InputFormat? { formats.first }
    var events: [Event] = []
    var warnings: [IngestIssue] = []
    var locations: [SourceLocation] = []
    var invalid: [IngestIssue] = []
    var skipped: [String] = []

    var only: Event? { events.count == 1 ? events[0] : nil }
}

/// Reads fixtures and built payloads through `EventReader`, the path `hindsight ingest` takes.
enum AdapterTestSupport {
    /// `../shared/fixtures` next to the repository.
    static let fixtures: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Adapters
        .deletingLastPathComponent()  // HindsightFormatsTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("../shared/fixtures").standardized

    static func fixture(_ relative: String) -> String { fixtures.appendingPathComponent(relative).path }

    static func read(file path: String, format: InputFormat = .auto, options: AdapterOptions = AdapterOptions()) throws -> AdapterReadResult {
        let input = try ByteInput(path: path)
        var result = AdapterReadResult()
        result.formats = try EventReader.read(input, format: format, options: options) { record in
            switch record {
            case .event(let e, let location):
                result.events.append(e)
                result.locations.append(location)
            case .invalid(let issue): result.invalid.append(issue)
            case .skipped(_, let reason): result.skipped.append(reason)
            case .warning(let issue): result.warnings.append(issue)
            }
        }
        return result
    }

    /// Writes `text` to a temporary file named `name` and reads it.
    static func read(
        text: String, name: String = "payload.json", format: InputFormat = .auto,
        options: AdapterOptions = AdapterOptions()
    ) throws -> AdapterReadResult {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hindsight-adapters-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        var result = try read(file: url.path, format: format, options: options)
        // Messages name the file: keep only its name so expectations do not depend on the directory.
        for i in result.invalid.indices { result.invalid[i].location.file = name }
        for i in result.warnings.indices { result.warnings[i].location.file = name }
        return result
    }

    static func time(_ text: String) -> Timestamp { try! Timestamp.parse(text).get() }

    /// A JSON text made one line (for JSON Lines inputs built from pretty payloads).
    static func oneLine(_ json: String) -> String {
        json.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }
}
