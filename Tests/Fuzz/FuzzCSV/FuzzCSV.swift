import HindsightFuzzing

/// libFuzzer's entry point (`make fuzz`): see `FuzzTarget.csv`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.csv.run(data, size)
}
