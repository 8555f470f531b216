import HindsightFuzzing

/// libFuzzer's entry point (`make fuzz`): see `FuzzTarget.jsonSplitter`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONSplitter(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.jsonSplitter.run(data, size)
}
