import Foundation
import Testing
@testable import Store

/// A child process (StoreTool durability-child) writes tasks and prints each id after its
/// commit; we SIGKILL it mid-stream, reopen the database and find every reported id.
@Suite struct DurabilityTests {
    /// StoreTool is built next to the test bundle (same products directory).
    static func storeToolPath() -> String? {
        var candidates: [String] = []
        let arg0 = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
        var dir = arg0.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(dir.appendingPathComponent("StoreTool").path)
            dir = dir.deletingLastPathComponent()
        }
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("StoreTool").path)
        candidates.append(Bundle.main.bundleURL.appendingPathComponent("StoreTool").path)
        for scratch in [".build", ".build-store"] { candidates.append("\(scratch)/debug/StoreTool") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test func everyReportedCommitSurvivesSIGKILL() throws {
        let tool = try #require(Self.storeToolPath(), "StoreTool binary not found next to the tests; build it first")
        let path = Fixture.tempPath("durability")
        defer { Fixture.remove(path) }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: tool)
        child.arguments = ["durability-child", "--db", path, "--writers", "4"]
        let out = Pipe()
        child.standardOutput = out
        try child.run()

        var buffer: [UInt8] = []
        var reported: [String] = []
        let want = 400
        while reported.count < want {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }  // EOF: the child died early
            buffer.append(contentsOf: chunk)
            while let nl = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                if line.hasPrefix("committed ") { reported.append(String(line.dropFirst("committed ".count))) }
            }
        }
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(reported.count >= want, "the child reported only \(reported.count) commits")

        let (store, _) = try Fixture.store(path: path, clock: ControllableClock())
        defer { store.close() }
        var missing: [String] = []
        for id in reported where try store.task(TaskKey(dialect: "durability", tenant: "t", id: id)) == nil {
            missing.append(id)
        }
        #expect(missing == [])
    }
}
