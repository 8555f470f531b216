import Dispatch
import NIOConcurrencyHelpers
import PostgresNIO

extension PostgresSession {
    /// `COPY table (columns) FROM STDIN` of `rows`, already in COPY's text format. postgres-nio offers
    /// COPY only as an async call: it runs as a task on `CopyExecutor`'s queue while the caller's thread
    /// waits, as it waits for every other statement, so the caller may itself be one of Swift's
    /// cooperative threads (the CLI's async command) without the copy needing another one.
    func copy(into table: String, columns: [String], rows: ByteBuffer) throws {
        let connection = self.connection
        let logger = self.logger
        let outcome = NIOLockedValueBox<Result<Void, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: CopyExecutor.shared) {
            do {
                try await connection.copyFrom(table: table, columns: columns, format: .text(.init()), logger: logger) { writer in
                    try await writer.write(rows)
                }
                outcome.withLockedValue { $0 = .success(()) }
            } catch {
                outcome.withLockedValue { $0 = .failure(error) }
            }
            done.signal()
        }
        done.wait()
        try outcome.withLockedValue { $0 ?? .success(()) }.get()
    }

    /// One row of COPY's text format: tab-separated, `\N` for NULL, and backslash, tab, newline and
    /// carriage return escaped; text as its UTF-8 bytes.
    static func appendCopyRow(_ values: [SQLValue], to buffer: inout ByteBuffer) {
        for (i, value) in values.enumerated() {
            if i > 0 { buffer.writeInteger(UInt8(ascii: "\t")) }
            switch value {
            case .null: buffer.writeStaticString("\\N")
            case .integer(let n): buffer.writeString(String(n))
            case .real(let d): buffer.writeString(d.isFinite ? "\(d)" : d.isNaN ? "NaN" : d > 0 ? "Infinity" : "-Infinity")
            case .text(var s): s.withUTF8 { appendEscaped($0, to: &buffer) }
            case .blob(let bytes): buffer.writeString("\\\\x" + bytes.map { String(UInt16($0) | 0x100, radix: 16).dropFirst() }.joined())
            }
        }
        buffer.writeInteger(UInt8(ascii: "\n"))
    }

    private static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout ByteBuffer) {
        var start = 0
        for (i, byte) in bytes.enumerated() {
            let escaped: UInt8
            switch byte {
            case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
            case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
            case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
            case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
            default: continue
            }
            buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start..<i]))
            buffer.writeInteger(UInt8(ascii: "\\"))
            buffer.writeInteger(escaped)
            start = i + 1
        }
        buffer.writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[start...]))
    }
}
