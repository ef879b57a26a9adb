import Foundation

/// The plain build's job: run files (or every file in folders) through the same oracle the fuzzer
/// uses, e.g. a crash file libFuzzer saved, or `Tests/HTTP1Tests/Regressions`.
enum Replay {
    static func run(_ paths: [String]) -> Int32 {
        if paths.isEmpty {
            printError("usage: ParserFuzz FILE|DIR...  (a -sanitize=fuzzer build runs libFuzzer instead)")
            return 2
        }
        var files: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: p, isDirectory: &isDir) else {
                printError("no such file: \(p)")
                return 2
            }
            if isDir.boolValue {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: p)) ?? []
                files += names.filter { !$0.hasPrefix(".") }.sorted().map { p + "/" + $0 }
            } else {
                files.append(p)
            }
        }
        var failed = 0
        for f in files {
            guard let data = FileManager.default.contents(atPath: f) else {
                printError("unreadable: \(f)")
                failed += 1
                continue
            }
            let violations = ParserHarness.check(Array(data))
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
