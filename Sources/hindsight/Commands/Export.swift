import ArgumentParser
import Hindsight
import HindsightStore

#if canImport(Glibc)
    import Glibc
#endif

extension HindsightCommand {
    /// `hindsight export`: every stored event as native JSON Lines.
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write every stored event as native JSON Lines, in the order they were stored.",
            discussion: """
                'hindsight ingest' reads the output back into any store, so this moves a store between SQLite and \
                PostgreSQL: hindsight export --db hindsight.db > all.jsonl; hindsight ingest --db postgres://… all.jsonl. \
                JSON fields (scope, labels, attributes) come out as they were ingested, byte for byte.
                """)

        @OptionGroup var store: StoreOptions

        func run() async throws {
            let eventStore = try store.open()
            var out = OutputBuffer()
            try runtime {
                try eventStore.forEachEvent { events in
                    for e in events { out.line(e.nativeJSON) }
                    return out.flush(ifOver: 1 << 20)
                }
            }
            guard out.flush(ifOver: 0) else { throw ExitCode(1) }
        }
    }
}

/// Standard output written a megabyte at a time; a closed pipe (`| head`) stops the export quietly.
struct OutputBuffer {
    var bytes: [UInt8] = []

    mutating func line(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(0x0A)
    }

    /// Writes the buffer when it holds more than `limit` bytes; false when standard output is closed.
    mutating func flush(ifOver limit: Int) -> Bool {
        guard bytes.count > limit else { return true }
        defer { bytes.removeAll(keepingCapacity: true) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(1, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }
}
