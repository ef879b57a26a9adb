import FuzzSupport

// A -sanitize=fuzzer build runs libFuzzer over LLVMFuzzerTestOneInput; a plain build replays
// the files given as arguments through the same check (see FuzzerRuntime for why at run time).
FuzzerRuntime.main(name: "ParserFuzz", entry: parserFuzzEntryPointer(), check: ParserHarness.check)
