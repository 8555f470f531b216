import Hindsight
import HindsightFormats

extension FuzzTarget {
    static func checkPayloads(_ bytes: [UInt8]) -> [String] {
        var broken: [String] = []
        // Detection first, as `ingest` and a webhook without a format read; then each format as if named.
        for format in InputFormat.allCases where format != .native && format != .csv {
            guard let input = input(bytes, name: "fuzz.json") else { return ["an in-memory input cannot be opened"] }
            var records: [DecodedRecord] = []
            do {
                let formats = try EventReader.read(input, format: format) { records.append($0) }
                if format != .auto && !formats.allSatisfy({ $0 == format }) {
                    broken.append("read as \(format.rawValue), it says it read \(formats.map(\.rawValue))")
                }
            } catch let error as FormatError {
                switch error {
                case .unknownFormat, .recordTooLarge: break
                default: broken.append("\(format.rawValue): the reader failed as a whole: \(error)")
                }
            } catch {
                broken.append("\(format.rawValue): the reader threw something other than a format error: \(error)")
            }
            var problems: [String] = []
            locationsHold(records, in: bytes, ordered: false, &problems)
            eventsRoundTrip(records, &problems)
            broken += problems.map { "\(format.rawValue): \($0)" }
        }
        return broken
    }
}
