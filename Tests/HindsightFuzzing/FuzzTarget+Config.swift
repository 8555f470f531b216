import Hindsight
import HindsightFormats

extension FuzzTarget {
    /// The line that ends the configuration in an input of the `Config` target; what follows it is a
    /// payload read with the configuration's readings (its `[[mapping]]` tables first). A TOML comment,
    /// so a seed holding both is still a `hindsight.toml` a person could read.
    static let payloadSeparator = "#--- payload"

    static func checkConfig(_ bytes: [UInt8]) -> [String] {
        let (toml, payload) = splitConfig(bytes)
        let text = String(decoding: toml, as: UTF8.self)
        let lines = lineCount(Array(text.utf8))
        let config: HindsightConfig
        do {
            config = try HindsightConfig.parse(text, path: "fuzz.toml")
        } catch {
            switch error {
            case .syntax(_, let line, _, _) where line < 1 || line > lines, .invalid(_, let line, _, _) where line < 0 || line > lines:
                return ["the error names line \(line) of \(lines): \(error)"]
            default: return []
            }
        }
        var broken: [String] = []
        for mapping in config.adapters.mappings where mapping.line < 1 || mapping.line > lines {
            broken.append("mapping '\(mapping.name)' names line \(mapping.line) of \(lines)")
        }
        guard let payload, let input = input(payload, name: "payload.json") else { return broken }
        // A fixed receipt time, so a mapping without a time still makes events to check.
        var options = config.adapters
        options.receivedAt = Timestamp(seconds: 1_714_564_800)
        var records: [DecodedRecord] = []
        do {
            try EventReader.read(input, format: .auto, options: options) { records.append($0) }
        } catch let error as FormatError {
            switch error {
            case .unknownFormat, .recordTooLarge: break
            default: broken.append("the payload's reader failed as a whole: \(error)")
            }
        } catch {
            broken.append("the payload's reader threw something other than a format error: \(error)")
        }
        var problems: [String] = []
        locationsHold(records, in: payload, ordered: false, &problems)
        eventsRoundTrip(records, &problems)
        return broken + problems.map { "payload: \($0)" }
    }

    /// The configuration, and the payload after the separator line if there is one.
    static func splitConfig(_ bytes: [UInt8]) -> (toml: ArraySlice<UInt8>, payload: [UInt8]?) {
        let separator = Array(("\n" + payloadSeparator + "\n").utf8)
        guard bytes.count >= separator.count else { return (bytes[...], nil) }
        for start in 0...(bytes.count - separator.count) where bytes[start] == separator[0] {
            if bytes[start..<(start + separator.count)].elementsEqual(separator) {
                return (bytes[...start], Array(bytes[(start + separator.count)...]))
            }
        }
        return (bytes[...], nil)
    }
}
