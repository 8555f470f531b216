#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// `make bench`: see Benchmark for what is measured and against what.
do {
    let options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
    if let scenarios = options.accuracy {
        let (text, ok) = try AccuracyBench(count: scenarios, seed: options.seed).run()
        print(text)
        exit(ok ? 0 : 1)
    }
    try Benchmark(options: options).run()
} catch let error as BenchOptions.UsageError {
    report(error, status: 64)
} catch {
    report(error, status: 1)
}

/// One line on standard error, then the exit status.
func report(_ error: any Error, status: Int32) -> Never {
    var text = "hindsight-bench: \(error)\n"
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    exit(status)
}
