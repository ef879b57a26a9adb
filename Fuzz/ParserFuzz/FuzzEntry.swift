import FuzzSupport

/// libFuzzer's entry point: one input through the shared oracle (`ParserHarness.check`).
@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzerRuntime.testOneInput(data, size, name: "ParserFuzz", check: ParserHarness.check)
}

/// The entry point as a C function pointer. Taken here, in the file that defines it: a debug
/// build that converts it in another file emits a second copy of the C symbol there.
func parserFuzzEntryPointer() -> FuzzerRuntime.TestOneInput { parserFuzzTestOneInput }
