import FuzzSupport

/// libFuzzer's entry point: one input through the shared oracle (`SeedHarness.check`).
@_cdecl("LLVMFuzzerTestOneInput")
public func seedFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzerRuntime.testOneInput(data, size, name: "SeedFuzz", check: SeedHarness.check)
}

/// The entry point as a C function pointer, taken in the file that defines it (see ParserFuzz).
func seedFuzzEntryPointer() -> FuzzerRuntime.TestOneInput { seedFuzzTestOneInput }
