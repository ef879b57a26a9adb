import Glibc

// A -sanitize=fuzzer build runs libFuzzer over LLVMFuzzerTestOneInput; a plain build replays
// the files given as arguments through the same check (see FuzzerRuntime for why at run time).
if let driver = FuzzerRuntime.driver() {
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(driver(&argc, &argv, parserFuzzEntryPointer()))
}
exit(Replay.run(Array(CommandLine.arguments.dropFirst())))
