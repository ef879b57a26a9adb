import Glibc

/// libFuzzer's entry point: one input through the shared oracle (`ParserHarness.check`).
/// A violation prints what broke and aborts, which libFuzzer records as a crash and saves.
@_cdecl("LLVMFuzzerTestOneInput")
public func parserFuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let violations = ParserHarness.check(input)
    if !violations.isEmpty {
        for v in violations { printError("ParserFuzz violation: \(v)") }
        abort()
    }
    return 0
}

/// The entry point as a C function pointer. Taken here, in the file that defines it: a debug
/// build that converts it in another file emits a second copy of the C symbol there.
func parserFuzzEntryPointer() -> FuzzerRuntime.TestOneInput { parserFuzzTestOneInput }
