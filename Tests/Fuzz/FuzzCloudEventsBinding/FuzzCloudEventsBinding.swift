import HindsightFuzzing

/// libFuzzer's entry point (`make fuzz`): see `FuzzTarget.cloudEventsBinding`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCloudEventsBinding(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.cloudEventsBinding.run(data, size)
}
