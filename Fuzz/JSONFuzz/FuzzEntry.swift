import FuzzSupport

/// libFuzzer's entry point: one input through the shared oracle (`JSONHarness.check`).
@_cdecl("LLVMFuzzerTestOneInput")
public func jsonFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzerRuntime.testOneInput(data, size, name: "JSONFuzz", check: JSONHarness.check)
}

/// The entry point as a C function pointer, taken in the file that defines it (see ParserFuzz).
func jsonFuzzEntryPointer() -> FuzzerRuntime.TestOneInput { jsonFuzzTestOneInput }
