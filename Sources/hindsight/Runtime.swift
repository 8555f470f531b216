import ArgumentParser

#if canImport(Glibc)
    import Glibc
#endif

/// Runs library work; a thrown error becomes one line on stderr and exit status 1.
func runtime<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let exit as ExitCode {
        throw exit
    } catch let error as ValidationError {
        throw error
    } catch {
        printError(FrontEndHint.message(for: error))
        throw ExitCode(1)
    }
}

/// Writes one line to standard error, prefixed with the command's name.
func printError(_ message: String) {
    writeStderr("hindsight: \(message)\n")
}

/// Writes text to standard error as is.
func writeStderr(_ text: String) {
    var text = text
    text.withUTF8 { buf in _ = write(2, buf.baseAddress, buf.count) }
}

/// Whether standard error is a terminal (progress is shown only then).
var stderrIsTerminal: Bool { isatty(2) == 1 }
