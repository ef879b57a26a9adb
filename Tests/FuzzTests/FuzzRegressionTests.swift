import FuzzSupport
import Testing

/// Every input the JSON, seed and router fuzzers failed on (and hand-made reproductions of what
/// they found) lives in `Regressions/<target>/` and is replayed through that fuzzer's own oracle
/// (the harness files here are links to Fuzz/*/), so a fixed bug stays fixed. To add one:
/// `cp fuzz-corpus/artifacts/json/crash-* Tests/FuzzTests/Regressions/json/<what-it-is>`.
@Suite struct FuzzRegressionTests {
    static let folder = InputFiles.folder("Regressions", nextTo: "\(#filePath)")

    /// Each target's folder and oracle.
    static let oracles: [String: @Sendable ([UInt8]) -> [String]] = [
        "json": { JSONHarness.check($0) },
        "seed": { SeedHarness.check($0) },
        "router": { RouterHarness.check($0) },
    ]

    static func cases() -> [String] {
        oracles.keys.sorted().flatMap { target in (InputFiles.list(folder + "/" + target) ?? []).map { target + "/" + $0 } }
    }

    @Test(arguments: ["json", "seed", "router"])
    func eachTargetKeepsRegressionCases(_ target: String) {
        #expect((InputFiles.list(Self.folder + "/" + target) ?? []).count >= 1, "no regression cases in \(Self.folder)/\(target)")
    }

    @Test(arguments: cases())
    func regressionCasePassesTheOracle(_ name: String) throws {
        let data = try #require(InputFiles.read(Self.folder + "/" + name))
        let target = String(name.prefix { $0 != "/" })
        let check = try #require(Self.oracles[target])
        let violations = check(data)
        #expect(violations.isEmpty, "\(name): \(violations)")
    }
}
