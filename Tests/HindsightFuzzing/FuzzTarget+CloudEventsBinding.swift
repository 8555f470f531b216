import Foundation
import Hindsight
import HindsightFormats

extension FuzzTarget {
    /// An HTTP request as `POST /v1/hooks/cloudevents` sees it: header lines (`Name: value`), an empty
    /// line, then the body. Its headers choose the content mode; a binary-mode request becomes one
    /// structured event, which the CloudEvents reader then reads, as the server does.
    static func checkCloudEventsBinding(_ bytes: [UInt8]) -> [String] {
        let (headers, body) = request(bytes)
        let structured: [UInt8]
        do throws(CloudEventsBindingError) {
            structured = try CloudEventsHTTPBinding.body(headers: headers, body: body)
        } catch {
            // The header at fault is one the request has, or one it lacks that the binding requires.
            let named = headers.contains { $0.name.lowercased() == error.header.lowercased() }
            let required = ["ce-id", "ce-source", "ce-type", "content-type"].contains(error.header.lowercased())
            return named || required ? [] : ["the error names header '\(error.header)', which the request does not have: \(error)"]
        }
        var broken: [String] = []
        if CloudEventsHTTPBinding.mode(headers: headers) == .binary {
            // One JSON object, whose data is the body: as JSON, as text, or base64 that decodes to it.
            switch try? JSONParser.parse(String(decoding: structured, as: UTF8.self)) {
            case .object(let members)?:
                if let encoded = members.first(where: { $0.key == "data_base64" })?.value.stringValue,
                    Data(base64Encoded: encoded).map(Array.init) != body
                {
                    broken.append("data_base64 '\(encoded)' does not decode to the body")
                }
                if body.isEmpty && members.contains(where: { $0.key == "data" || $0.key == "data_base64" }) {
                    broken.append("an empty body became data")
                }
            default:
                broken.append("the binary-mode request became something other than one JSON object: \(String(decoding: structured, as: UTF8.self))")
            }
        }
        guard let input = input(structured, name: "request.json") else { return broken + ["an in-memory input cannot be opened"] }
        var records: [DecodedRecord] = []
        do {
            try EventReader.read(input, format: .cloudevents, options: AdapterOptions(receivedAt: Timestamp(seconds: 1_714_564_800))) {
                records.append($0)
            }
        } catch let error as FormatError {
            switch error {
            case .unknownFormat, .recordTooLarge: break
            default: broken.append("the reader failed as a whole: \(error)")
            }
        } catch {
            broken.append("the reader threw something other than a format error: \(error)")
        }
        var problems: [String] = []
        locationsHold(records, in: structured, ordered: false, &problems)
        eventsRoundTrip(records, &problems)
        return broken + problems
    }

    /// The headers and the body of a request written as `Name: value` lines, an empty line, the body.
    static func request(_ bytes: [UInt8]) -> (headers: [(name: String, value: String)], body: [UInt8]) {
        var headers: [(name: String, value: String)] = []
        var rest = bytes[...]
        while let end = rest.firstIndex(of: 0x0A) {
            var line = rest[rest.startIndex..<end]
            rest = rest[(end + 1)...]
            if line.last == 0x0D { line = line.dropLast() }
            if line.isEmpty { return (headers, Array(rest)) }
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
            let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingCharacters(in: .whitespaces)
            headers.append((name, value))
        }
        return (headers, Array(rest))
    }
}
