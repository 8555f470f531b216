#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file written through a large stdio buffer: generating millions of lines must not be the bottleneck.
final class OutputFile {
    let path: String
    let file: UnsafeMutablePointer<FILE>
    private(set) var bytes = 0

    init(path: String) throws {
        guard let f = fopen(path, "wb") else {
            throw ChildProcess.Failure(description: "cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        setvbuf(f, nil, _IOFBF, 1 << 20)
        self.path = path
        self.file = f
    }

    func write(_ text: String) {
        var text = text
        text.withUTF8 { buf in
            bytes += fwrite(buf.baseAddress, 1, buf.count, file)
        }
    }

    func close() {
        fclose(file)
    }
}
