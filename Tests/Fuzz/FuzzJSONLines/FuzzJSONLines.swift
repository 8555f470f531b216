import HindsightFuzzing

/// libFuzzer's entry point (`make fuzz`): see `FuzzTarget.jsonLines`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLines(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.jsonLines.run(data, size)
}
