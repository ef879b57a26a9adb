import FuzzSupport

// libFuzzer in a -sanitize=fuzzer build, else the files given replayed through the same check.
FuzzerRuntime.main(name: "JSONFuzz", entry: jsonFuzzEntryPointer(), check: JSONHarness.check)
