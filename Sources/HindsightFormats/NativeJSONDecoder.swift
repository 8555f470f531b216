import Dispatch
import Hindsight

/// Reads native events from JSON Lines or from a JSON array of event objects.
package enum NativeJSONDecoder {
    /// The members kept as their raw JSON text (so they round-trip byte for byte), matched
    /// without hashing every member name of every line.
    @inline(__always) static func isRawKey(_ key: String) -> Bool {
        switch key {
        case "scope", "labels", "attributes": true
        default: false
        }
    }

    /// Reads native events; `fallback` gets each JSON Lines line that is not a valid native event and
    /// may read it in another format (a mixed file), or return `nil` to keep the native error.
    package static func decode(
        _ input: ByteInput, fallback: (@Sendable (UnsafeBufferPointer<UInt8>, SourceLocation) -> [DecodedRecord]?)? = nil,
        _ sink: (DecodedRecord) throws -> Void
    ) throws {
        if input.peekFirstSignificantByte() == UInt8(ascii: "[") {
            try JSONValueSplitter.split(input, format: "native") { piece in
                switch piece {
                case .malformed(let issue): try sink(.invalid(issue))
                case .value(let bytes, let location):
                    try bytes.withUnsafeBufferPointer { try sink(record(from: $0, at: location)) }
                case .item: break  // no member is streamed here
                }
            }
            return
        }
        try decodeLinesConcurrently(input, fallback: fallback, sink)
    }

    /// JSON Lines: a second thread reads and decodes batches of lines while the caller's sink
    /// (the store's inserts) runs. Decoding is about a third of an ingest's time; overlapped with
    /// SQLite's work on another core it mostly disappears. Records reach the sink in file order.
    static func decodeLinesConcurrently(
        _ input: ByteInput, fallback: (@Sendable (UnsafeBufferPointer<UInt8>, SourceLocation) -> [DecodedRecord]?)?,
        _ sink: (DecodedRecord) throws -> Void
    ) throws {
        let ring = RecordRing(capacity: 4)
        // The producer is the only user of the input until `done` is waited for.
        nonisolated(unsafe) let source = input
        // Set by the producer before it ends the stream, read after `done` is waited for.
        nonisolated(unsafe) var readFailure: (any Error)?
        let done = DispatchGroup()
        DispatchQueue.global(qos: .userInitiated).async(group: done) {
            let batchSize = 512
            var batch: [DecodedRecord] = []
            batch.reserveCapacity(batchSize)
            while true {
                let more: Void?
                do {
                    more = try source.nextLine { line in
                        guard let first = line.firstIndex(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
                        if line[first] == UInt8(ascii: "#") { return }
                        let location = SourceLocation(file: source.displayName, line: source.lineNumber)
                        let r = record(from: line, at: location)
                        if case .invalid = r, let fallback, let other = fallback(line, location) {
                            batch.append(contentsOf: other)
                        } else {
                            batch.append(r)
                        }
                    }
                } catch {
                    readFailure = error
                    more = nil
                }
                if more == nil || batch.count >= batchSize {
                    if !batch.isEmpty { ring.put(batch) }
                    batch = []
                    batch.reserveCapacity(batchSize)
                }
                if more == nil { break }
            }
            ring.put([])
        }
        var failure: (any Error)?
        while true {
            let batch = ring.take()
            if batch.isEmpty { break }
            // After a failure the rest is drained, unread, so the producer can finish.
            guard failure == nil else { continue }
            do {
                for r in batch { try sink(r) }
            } catch {
                failure = error
            }
        }
        done.wait()
        if let failure { throw failure }
        if let readFailure { throw readFailure }
    }

    /// Decodes one JSON object's bytes into an event or the reason it is invalid.
    package static func record(from bytes: UnsafeBufferPointer<UInt8>, at location: SourceLocation) -> DecodedRecord {
        if let event = NativeFastDecoder.event(bytes) { return .event(event, location) }
        return generalRecord(from: bytes, at: location)
    }

    /// Any line, through a JSON tree: the path that names what is wrong with a record.
    package static func generalRecord(from bytes: UnsafeBufferPointer<UInt8>, at location: SourceLocation) -> DecodedRecord {
        do {
            let members = try JSONParser.parseObjectMembers(bytes)
            var fields: [NativeField] = []
            fields.reserveCapacity(members.count)
            for m in members {
                var raw: String?
                if isRawKey(m.key) {
                    raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[m.raw]), as: UTF8.self)
                }
                fields.append(NativeField(key: m.key, value: m.value, raw: raw))
            }
            return .event(try NativeEventDecoder.decode(fields, at: location), location)
        } catch let e as JSONSyntaxError {
            return .invalid(IngestIssue(location: location, message: e.description + "; each line must be one JSON object"))
        } catch let e as IngestIssue {
            return .invalid(e)
        } catch {
            return .invalid(IngestIssue(location: location, message: "\(error)"))
        }
    }
}
