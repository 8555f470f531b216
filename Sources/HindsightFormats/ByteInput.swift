import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file (or standard input for `-`) through a fixed buffer, by lines or by chunks,
/// never holding more than one record of at most `maxRecordSize` bytes in memory.
package final class ByteInput {
    /// The default limit of one line or one payload: 16 MiB.
    package static let defaultMaxRecordSize = 16 << 20
    /// Bytes read from the file at a time.
    static let chunkSize = 64 << 10

    package let path: String
    /// 1-based number of the line last returned.
    package private(set) var lineNumber = 0
    /// Bytes read from the file so far: a progress line reads it on another thread than the reader's.
    let consumed = Atomic<Int>(0)
    /// The file's size when it is a regular file (not a pipe or a terminal), for a percentage.
    package private(set) var size: Int?
    /// The longest line, or JSON value, read as one record; longer is a `FormatError.recordTooLarge`.
    package var maxRecordSize: Int
    let file: UnsafeMutablePointer<FILE>
    var buffer: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var start = 0, end = 0
    var atEOF = false
    var startedReading = false
    /// A line that spans buffer refills, gathered here.
    var carry: [UInt8] = []
    /// The bytes an in-memory input reads from.
    var memory: UnsafeMutablePointer<UInt8>?

    package init(path: String, maxRecordSize: Int = ByteInput.defaultMaxRecordSize) throws(FormatError) {
        self.path = path
        self.maxRecordSize = maxRecordSize
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
        capacity = Self.chunkSize
        buffer = .allocate(capacity: capacity)
        var st = stat()
        if fstat(fileno(file), &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG { size = Int(st.st_size) }
    }

    /// Reads bytes held in memory (a webhook body), named `name` in messages.
    package init(bytes: [UInt8], name: String, maxRecordSize: Int = ByteInput.defaultMaxRecordSize) throws(FormatError) {
        path = name
        self.maxRecordSize = maxRecordSize
        let copy = UnsafeMutablePointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        copy.initialize(from: bytes, count: bytes.count)
        guard let f = fmemopen(copy, bytes.count, "rb") else {
            copy.deallocate()
            throw FormatError.cannotOpen(path: name, reason: String(cString: strerror(errno)))
        }
        file = f
        memory = copy
        capacity = Self.chunkSize
        buffer = .allocate(capacity: capacity)
        size = bytes.count
    }

    deinit {
        buffer.deallocate()
        fclose(file)
        memory?.deallocate()
    }

    /// Bytes read from the file so far; safe to ask from any thread.
    package var bytesRead: Int { consumed.load(ordering: .relaxed) }

    /// The display name of the input in messages.
    package var displayName: String { path == "-" ? "<stdin>" : path }

    /// Reads more of the file after the unread bytes (moved to the front); false at the end.
    private func fill() -> Bool {
        if atEOF { return false }
        if start > 0 {
            let unread = end - start
            if unread > 0 { buffer.update(from: buffer + start, count: unread) }
            start = 0
            end = unread
        }
        if end == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let n = fread(buffer + end, 1, capacity - end, file)
        if n == 0 {
            atEOF = true
            return false
        }
        consumed.add(n, ordering: .relaxed)
        if !startedReading {
            startedReading = true
            // A UTF-8 byte order mark at the start of the input is not content.
            if n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF { start = 3 }
        }
        end += n
        return true
    }

    /// Calls `body` with the next line (without its line break); returns nil at the end of the input.
    /// A line longer than `maxRecordSize` throws `FormatError.recordTooLarge` before it is read whole.
    @discardableResult
    package func nextLine<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        carry.removeAll(keepingCapacity: true)
        while true {
            if start == end && !fill() {
                if carry.isEmpty { return nil }
                lineNumber += 1
                return try deliver(carry, body)
            }
            let available = end - start
            if let nl = memchr(buffer + start, 0x0A, available) {
                let length = buffer.distance(to: nl.assumingMemoryBound(to: UInt8.self)) - start
                try checkSize(carry.count + length)
                lineNumber += 1
                defer { start += length + 1 }
                if carry.isEmpty {
                    var len = length
                    if len > 0 && buffer[start + len - 1] == 0x0D { len -= 1 }
                    return try body(UnsafeBufferPointer(start: buffer + start, count: len))
                }
                carry.append(contentsOf: UnsafeBufferPointer(start: buffer + start, count: length))
                return try deliver(carry, body)
            }
            try checkSize(carry.count + available)
            carry.append(contentsOf: UnsafeBufferPointer(start: buffer + start, count: available))
            start = end
        }
    }

    private func deliver<R>(_ line: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try line.withUnsafeBufferPointer { p in
            var len = p.count
            if len > 0 && p[len - 1] == 0x0D { len -= 1 }
            return try body(UnsafeBufferPointer(rebasing: p[0..<len]))
        }
    }

    private func checkSize(_ size: Int) throws(FormatError) {
        if size > maxRecordSize {
            throw FormatError.recordTooLarge(path: displayName, line: lineNumber + 1, limit: maxRecordSize)
        }
    }

    /// Calls `body` with the next bytes of the input as they come (line breaks included), for
    /// readers that find their own record boundaries; returns false at the end of the input.
    package func nextChunk(_ body: (UnsafeBufferPointer<UInt8>) throws -> Void) rethrows -> Bool {
        if start == end && !fill() { return false }
        defer { start = end }
        try body(UnsafeBufferPointer(start: buffer + start, count: end - start))
        return true
    }

    /// The first byte that is not white space, without consuming it; `nil` for empty input.
    /// Blank lines before it are consumed (line numbers still count them).
    package func peekFirstSignificantByte() -> UInt8? {
        while true {
            while start < end {
                let c = buffer[start]
                switch c {
                case 0x0A: lineNumber += 1
                case 0x20, 0x09, 0x0D: break
                default: return c
                }
                start += 1
            }
            if !fill() { return nil }
        }
    }

    /// The next line without consuming it, when it is at most `limit` bytes; `nil` otherwise.
    package func peekLine(limit: Int) -> [UInt8]? {
        while true {
            let available = end - start
            if let nl = memchr(buffer + start, 0x0A, available) {
                let length = buffer.distance(to: nl.assumingMemoryBound(to: UInt8.self)) - start
                return length <= limit ? Array(UnsafeBufferPointer(start: buffer + start, count: length)) : nil
            }
            if available > limit { return nil }
            if !fill() { return available > 0 ? Array(UnsafeBufferPointer(start: buffer + start, count: available)) : nil }
        }
    }
}
