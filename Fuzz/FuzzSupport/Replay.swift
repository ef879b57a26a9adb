/// The plain build's job: run files (or every file in folders) through the same oracle the fuzzer
/// uses, e.g. a crash file libFuzzer saved, or `Tests/HTTP1Tests/Regressions`.
public enum Replay {
    public static func run(_ paths: [String], name: String, check: ([UInt8]) -> [String]) -> Int32 {
        if paths.isEmpty {
            printError("usage: \(name) FILE|DIR...  (a -sanitize=fuzzer build runs libFuzzer instead)")
            return 2
        }
        var files: [String] = []
        for p in paths {
            guard InputFiles.exists(p) else {
                printError("no such file: \(p)")
                return 2
            }
            if InputFiles.isDirectory(p) {
                files += (InputFiles.list(p) ?? []).map { p + "/" + $0 }.filter { !InputFiles.isDirectory($0) }
            } else {
                files.append(p)
            }
        }
        var failed = 0
        for f in files {
            guard let data = InputFiles.read(f) else {
                printError("unreadable: \(f)")
                failed += 1
                continue
            }
            let violations = check(data)
            if violations.isEmpty {
                print("ok    \(f)")
            } else {
                failed += 1
                print("FAIL  \(f)")
                for v in violations { print("      \(v)") }
            }
        }
        print("\(files.count - failed)/\(files.count) inputs pass")
        return failed == 0 ? 0 : 1
    }
}
