#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Emulator
import Testing

/// Log lines are gathered into batches (`batchDelayMillis`) before they are written; `flush`
/// (shutdown) must write a batch that is still waiting, in order, whatever the delay.
@Suite struct LogBatchingTests {
    /// Reads what is in the pipe now (non-blocking).
    static func drainPipe(_ fd: Int32) -> String {
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        var out: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            out += buf[0..<n]
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func flushWritesABatchStillWaitingOutItsDelay() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        // A delay no test waits out: only flush can have written these lines.
        let logger = Logger(level: .info, fd: fds[1], batchDelayMillis: 600_000, now: { 0 })
        for i in 1...3 { logger.log(.info, "line \(i)") }
        logger.flush()
        let lines = Self.drainPipe(fds[0]).split(separator: "\n")
        #expect(lines.count == 3)
        for (i, line) in lines.enumerated() {
            #expect(line.contains("\"msg\":\"line \(i + 1)\""), "\(line)")
        }
    }

    @Test func linesBelowTheLevelAreNotWritten() {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let logger = Logger(level: .warn, fd: fds[1], batchDelayMillis: 0, now: { 0 })
        logger.log(.info, "quiet")
        logger.log(.warn, "loud")
        logger.flush()
        let text = Self.drainPipe(fds[0])
        #expect(!text.contains("quiet"))
        #expect(text.contains("\"msg\":\"loud\""))
    }
}
