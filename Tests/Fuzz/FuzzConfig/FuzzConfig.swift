import HindsightFuzzing

/// libFuzzer's entry point (`make fuzz`): see `FuzzTarget.config`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.config.run(data, size)
}
