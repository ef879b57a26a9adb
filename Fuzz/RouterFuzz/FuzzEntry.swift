import FuzzSupport

/// libFuzzer's entry point: one input through the shared oracle (`RouterHarness.check`).
@_cdecl("LLVMFuzzerTestOneInput")
public func routerFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzerRuntime.testOneInput(data, size, name: "RouterFuzz", check: RouterHarness.check)
}

/// The entry point as a C function pointer, taken in the file that defines it (see ParserFuzz).
func routerFuzzEntryPointer() -> FuzzerRuntime.TestOneInput { routerFuzzTestOneInput }
