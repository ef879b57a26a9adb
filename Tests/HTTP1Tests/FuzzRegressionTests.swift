import Foundation
import Testing

/// Every input the fuzzer ever failed on (and the hand-made seeds of known edge cases) lives in
/// `Regressions/` and is replayed through the fuzzer's own oracle, so a fixed bug stays fixed.
/// To add one: copy libFuzzer's crash file there (`cp fuzz-corpus/artifacts/crash-* Tests/HTTP1Tests/Regressions/`).
@Suite struct FuzzRegressionTests {
    static func cases() -> [String] {
        guard let dir = Bundle.module.url(forResource: "Regressions", withExtension: nil),
              let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return names.filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func regressionCasesArePresent() {
        #expect(Self.cases().count >= 1)
    }

    @Test(arguments: cases())
    func regressionCasePassesTheOracle(_ name: String) throws {
        let dir = try #require(Bundle.module.url(forResource: "Regressions", withExtension: nil))
        let data = try Data(contentsOf: dir.appendingPathComponent(name))
        let violations = ParserHarness.check(Array(data))
        #expect(violations.isEmpty, "\(name): \(violations)")
    }
}
