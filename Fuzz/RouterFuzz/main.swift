import FuzzSupport

// libFuzzer in a -sanitize=fuzzer build, else the files given replayed through the same check.
FuzzerRuntime.main(name: "RouterFuzz", entry: routerFuzzEntryPointer(), check: RouterHarness.check)
