import FuzzSupport
import Testing

/// Every input the fuzzer ever failed on (and hand-made reproductions of what it found) lives in
/// `Regressions/` and is replayed through the fuzzer's own oracle, so a fixed bug stays fixed.
/// To add one: `cp fuzz-corpus/artifacts/parser/crash-* Tests/HTTP1Tests/Regressions/<what-it-is>`.
/// The folder is found next to this source file (the tests always run from the source tree).
@Suite struct FuzzRegressionTests {
    static let folder = InputFiles.folder("Regressions", nextTo: "\(#filePath)")

    static func cases() -> [String] { InputFiles.list(folder) ?? [] }

    @Test func regressionCasesArePresent() {
        #expect(Self.cases().count >= 3, "no regression cases found in \(Self.folder)")
    }

    @Test(arguments: cases())
    func regressionCasePassesTheOracle(_ name: String) throws {
        let data = try #require(InputFiles.read(Self.folder + "/" + name))
        let violations = ParserHarness.check(data)
        #expect(violations.isEmpty, "\(name): \(violations)")
    }
}
