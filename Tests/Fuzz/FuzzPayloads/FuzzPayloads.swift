import HindsightFuzzing

/// libFuzzer's entry point (`make fuzz`): see `FuzzTarget.payloads`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPayloads(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.payloads.run(data, size)
}
