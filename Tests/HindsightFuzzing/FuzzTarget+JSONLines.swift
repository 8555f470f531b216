import Hindsight
import HindsightFormats

extension FuzzTarget {
    static func checkJSONLines(_ bytes: [UInt8]) -> [String] {
        var broken: [String] = []
        guard let input = input(bytes, name: "fuzz.jsonl") else { return ["an in-memory input cannot be opened"] }
        var records: [DecodedRecord] = []
        do {
            try NativeJSONDecoder.decode(input) { records.append($0) }
        } catch let error as FormatError {
            if case .recordTooLarge = error {} else { broken.append("the decoder failed as a whole: \(error)") }
        } catch {
            broken.append("the decoder threw something other than a format error: \(error)")
        }
        locationsHold(records, in: bytes, ordered: true, &broken)
        eventsRoundTrip(records, &broken)
        fastPathAgrees(bytes, &broken)
        return broken
    }

    /// The fast decoder is only a shortcut: any line it takes, the general path reads as the same event.
    static func fastPathAgrees(_ bytes: [UInt8], _ broken: inout [String]) {
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            Array(line).withUnsafeBufferPointer { buffer in
                guard let fast = NativeFastDecoder.event(buffer) else { return }
                let general = NativeJSONDecoder.generalRecord(from: buffer, at: SourceLocation(file: "fuzz.jsonl", line: 1))
                guard case .event(let event, _) = general else {
                    broken.append("the fast path reads \(fast.nativeJSON), the general path refuses the line: \(general)")
                    return
                }
                if event != fast { broken.append("the fast path reads \(fast.nativeJSON), the general path \(event.nativeJSON)") }
            }
        }
    }
}
