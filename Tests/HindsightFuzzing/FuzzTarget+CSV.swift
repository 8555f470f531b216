import Hindsight
import HindsightFormats

extension FuzzTarget {
    static func checkCSV(_ bytes: [UInt8]) -> [String] {
        var broken: [String] = []
        guard let input = input(bytes, name: "fuzz.csv") else { return ["an in-memory input cannot be opened"] }
        var records: [DecodedRecord] = []
        do {
            try CSVDecoder.decode(input) { records.append($0) }
        } catch let error as FormatError {
            switch error {
            case .badHeader(let issue) where issue.location.line < 1 || issue.location.line > lineCount(bytes):
                broken.append("the header's error names line \(issue.location.line): \(issue)")
            case .badHeader, .recordTooLarge: break
            default: broken.append("the reader failed as a whole: \(error)")
            }
        } catch {
            broken.append("the reader threw something other than a format error: \(error)")
        }
        locationsHold(records, in: bytes, ordered: true, &broken)
        eventsRoundTrip(records, &broken)
        return broken
    }
}
