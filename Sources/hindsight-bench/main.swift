#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// `make bench`: see Benchmark for what is measured and against what.
do {
    let options = try BenchOptions.parse(Array(CommandLine.arguments.dropFirst()))
    if options.runs(.ingest) { try Benchmark(options: options).run() }
    if options.only.contains(.decode) { try Benchmark(options: options).runDecodeOnly() }
    if options.runs(.append) && options.appendStore > 0 {
        print("")
        try AppendBench(options: options).run()
    }
    if options.runs(.accuracy) && options.accuracy > 0 {
        print("")
        let (text, _) = try AccuracyBench(count: options.accuracy, seed: options.seed, corpus: options.corpus).run()
        print(text)
    }
    if options.runs(.incident) && options.incidentStore > 0 {
        print("")
        let crashes = 1_000_000
        let bench = IncidentScaleBench(
            hindsight: options.hindsight, dir: options.dir, background: options.incidentStore - 2 * crashes,
            crashes: crashes, seed: options.seed, keep: options.keep)
        for line in try bench.run() { print(line) }
    }
    if options.runs(.alerts) {
        print("")
        for line in try AlertPayloadBench(hindsight: options.hindsight, dir: options.dir, alerts: 100_000).run() { print(line) }
    }
    if options.runs(.server) {
        print("")
        for line in try ServerBench(hindsight: options.hindsight, dir: options.dir).run() { print(line) }
    }
    if options.runs(.scale) && options.scaleStore > 0 {
        var bench = ScaleBench(hindsight: options.hindsight, dir: options.dir, events: options.scaleStore, seed: options.seed, keep: options.keep)
        print("")
        for line in try bench.run() { print(line) }
        if let url = options.postgres {
            bench.postgres = url + (url.contains("?") ? "&" : "?") + "schema=bench_scale_" + String(UInt32.random(in: 0...UInt32.max), radix: 16)
            print("")
            for line in try bench.run() { print(line) }
        }
    }
    if options.runs(.postgres), let url = options.postgres {
        print("")
        for line in try PostgresBench(options: options, url: url).run() { print(line) }
    }
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
