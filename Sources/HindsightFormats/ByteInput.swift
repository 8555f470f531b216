#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file (or standard input for `-`) line by line without holding more than one line in memory.
public final class ByteInput {
    public let path: String
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Bytes read so far (for progress).
    public private(set) var bytesRead = 0
    let file: UnsafeMutablePointer<FILE>
    var buffer: UnsafeMutablePointer<CChar>?
    var capacity = 0
    /// Lines put back to be read again; the next one to read is last.
    var pending: [[UInt8]] = []
    /// The copy of an in-memory input the stream reads from, freed with it.
    var owned: UnsafeMutableRawPointer?

    public init(path: String) throws(FormatError) {
        self.path = path
        if path == "-" {
            // A duplicate of descriptor 0, so closing it leaves the process's stdin alone.
            guard let f = fdopen(dup(0), "rb") else {
                throw FormatError.cannotOpen(path: "<stdin>", reason: String(cString: strerror(errno)))
            }
            file = f
        } else {
            guard let f = fopen(path, "rb") else {
                throw FormatError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
            }
            var st = stat()
            if fstat(fileno(f), &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR {
                fclose(f)
                throw FormatError.cannotOpen(path: path, reason: "it is a directory")
            }
            file = f
        }
    }

    /// Reads `bytes` held in memory (a request body); `name` stands for the path in messages
    /// (an extension such as `.jsonl` still guides format detection).
    public init(bytes: [UInt8], name: String) throws(FormatError) {
        path = name
        // fmemopen cannot open an empty buffer: one byte of room, none of it readable.
        let copy = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { if let base = $0.baseAddress { copy.copyMemory(from: base, byteCount: bytes.count) } }
        guard let f = bytes.isEmpty ? fopen("/dev/null", "rb") : fmemopen(copy, bytes.count, "rb") else {
            free(copy)
            throw FormatError.cannotOpen(path: name, reason: String(cString: strerror(errno)))
        }
        file = f
        owned = copy
    }

    deinit {
        free(buffer)
        fclose(file)
        free(owned)
    }

    /// The display name of the input in messages.
    public var displayName: String { path == "-" ? "<stdin>" : path }

    /// Calls `body` with the next line (without its line break); returns false at the end of the input.
    @discardableResult
    public func nextLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        if let p = pending.popLast() {
            lineNumber += 1
            return try p.withUnsafeBufferPointer { try body($0) }
        }
        let n = getline(&buffer, &capacity, file)
        guard n >= 0, let buffer else { return nil }
        lineNumber += 1
        bytesRead += n
        var len = n
        if len > 0 && buffer[len - 1] == 0x0A { len -= 1 }
        if len > 0 && buffer[len - 1] == 0x0D { len -= 1 }
        return try buffer.withMemoryRebound(to: UInt8.self, capacity: max(len, 1)) { p in
            var start = 0
            // A UTF-8 byte order mark on the first line is not content.
            if lineNumber == 1 && len >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF { start = 3 }
            return try body(UnsafeBufferPointer(start: p + start, count: len - start))
        }
    }

    /// The first byte that is not white space, without consuming the input; `nil` for empty input.
    public func peekFirstSignificantByte() -> UInt8? {
        var found: UInt8?
        var last: [UInt8]?
        while found == nil {
            guard let line = nextLine({ Array($0) }) else { break }
            last = line
            found = line.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
        }
        // Blank lines before it carry nothing and stay consumed (line numbers still count
        // them); the line holding the byte is pushed back to be read again.
        if let last, found != nil {
            pending.append(last)
            lineNumber -= 1
        }
        return found
    }

    /// Puts lines just read back in front of the input, so the next reads return them again in order
    /// (format detection looks at a whole first value, which may span lines, without consuming it).
    func unread(_ lines: [[UInt8]]) {
        pending.append(contentsOf: lines.reversed())
        lineNumber -= lines.count
    }
}
