#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import JSON
import Synchronization
import Timestamps

/// Log lines, one JSON object per line on stdout, written by one serial queue so that no
/// event loop ever blocks on a slow or full stdout (a test harness that stops reading the
/// pipe, a stalled `docker logs`). Lines wait in a bounded buffer (`maxPending`); past it they
/// are dropped and counted, and the count is logged once the writer catches up.
///
/// Secrets never reach here: callers log request ids, paths and tenants, never headers or
/// bodies (API keys, tokens and webhook secrets travel in headers and bodies only).
public final class Logger: Sendable {
    public enum Level: Int, Sendable, Comparable, CaseIterable {
        case debug = 0, info, warn, error, off

        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

        public init?(name: String) {
            switch name.lowercased() {
            case "debug": self = .debug
            case "info": self = .info
            case "warn", "warning": self = .warn
            case "error": self = .error
            case "off", "none": self = .off
            default: return nil
            }
        }

        var name: String {
            switch self {
            case .debug: return "debug"
            case .info: return "info"
            case .warn: return "warn"
            case .error: return "error"
            case .off: return "off"
            }
        }
    }

    private struct Buffer {
        var lines: [[UInt8]] = []
        var writing = false
        var dropped = 0
    }

    public let level: Level
    private let fd: Int32
    private let maxPending: Int
    private let buffer = Mutex(Buffer())
    private let queue = DispatchQueue(label: "polytask.log", qos: .utility)
    /// Wall-clock Unix ms for the `time` field.
    private let now: @Sendable () -> Int64

    /// How long the first line of a batch waits for company before the batch is written.
    /// Written at once, every request's line cost a wake-up of the log queue and a `write`
    /// of its own: at `info` that halved the requests a loop serves per second (health at 64
    /// connections, 38k -> 19.5k req/s on the bench machine). Gathered for a few milliseconds,
    /// a busy server writes hundreds of lines per `write`; a quiet one shows each line within
    /// `batchDelayMillis`. 0 writes at once.
    private let batchDelayMillis: Int

    public init(level: Level, fd: Int32 = 1, maxPending: Int = 10_000, batchDelayMillis: Int = 5,
                now: @escaping @Sendable () -> Int64) {
        self.level = level
        self.fd = fd
        self.maxPending = max(1, maxPending)
        self.batchDelayMillis = max(0, batchDelayMillis)
        self.now = now
    }

    public func enabled(_ l: Level) -> Bool { l >= level && level != .off }

    /// Logs `message` with extra fields, if `l` is enabled.
    public func log(_ l: Level, _ message: String, _ fields: [(String, JSONValue)] = []) {
        guard enabled(l) else { return }
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.key("time"); w.string(Self.isoText(now()))
        w.key("level"); w.string(l.name)
        w.key("msg"); w.string(message)
        for (k, v) in fields { w.key(k); w.value(v) }
        w.endObject()
        var line = w.bytes
        line.append(0x0A)
        enqueue(line)
    }

    private func enqueue(_ line: [UInt8]) {
        let start: Bool = buffer.withLock { b in
            guard b.lines.count < maxPending else { b.dropped += 1; return false }
            b.lines.append(line)
            guard !b.writing else { return false }
            b.writing = true
            return true
        }
        guard start else { return }
        if batchDelayMillis == 0 {
            queue.async { self.drain() }
        } else {
            queue.asyncAfter(deadline: .now() + .milliseconds(batchDelayMillis)) { self.drain() }
        }
    }

    /// Writes everything buffered, in batches (one `write` per batch), until empty.
    private func drain() {
        while true {
            let (batch, dropped): ([[UInt8]], Int) = buffer.withLock { b in
                if b.lines.isEmpty { b.writing = false; return ([], 0) }
                let out = b.lines
                let d = b.dropped
                b.lines.removeAll(keepingCapacity: true)
                b.dropped = 0
                return (out, d)
            }
            if batch.isEmpty { return }
            var bytes: [UInt8] = []
            bytes.reserveCapacity(batch.reduce(0) { $0 + $1.count } + 80)
            if dropped > 0 { bytes += Array("{\"level\":\"warn\",\"msg\":\"log lines dropped: stdout is not keeping up\",\"dropped\":\(dropped)}\n".utf8) }
            for l in batch { bytes += l }
            Self.writeAll(fd, bytes)
        }
    }

    /// Waits until every line logged so far is written, or `timeoutMillis` has passed (stdout
    /// may be a pipe nobody reads any more: shutdown must not hang on it).
    public func flush(timeoutMillis: Int = 1000) {
        let done = DispatchSemaphore(value: 0)
        // A batch may still be waiting out its delay: write it now (a later drain finds less).
        queue.async { self.drain(); done.signal() }
        _ = done.wait(timeout: .now() + .milliseconds(timeoutMillis))
    }

    /// `2026-12-02T05:35:11.123Z`.
    public static func isoText(_ ms: Int64) -> String {
        let f = CivilTime.fields(ms)
        guard (0...9999).contains(f.year) else {
            return CivilTime.dateTimeText(f) + "." + CivilTime.pad(f.millisecond, 3) + "Z"
        }
        // Digits straight into the string's storage: every request's log line has one, and the
        // interpolated form cost about 10,000 instructions a line (callgrind).
        return String(unsafeUninitializedCapacity: 24) { b in
            func put(_ v: Int64, _ width: Int, at i: Int) {
                var v = v
                for k in stride(from: i + width - 1, through: i, by: -1) {
                    b[k] = UInt8(truncatingIfNeeded: v % 10) + 0x30
                    v /= 10
                }
            }
            put(f.year, 4, at: 0); b[4] = UInt8(ascii: "-"); put(f.month, 2, at: 5); b[7] = UInt8(ascii: "-")
            put(f.day, 2, at: 8); b[10] = UInt8(ascii: "T"); put(f.hour, 2, at: 11); b[13] = UInt8(ascii: ":")
            put(f.minute, 2, at: 14); b[16] = UInt8(ascii: ":"); put(f.second, 2, at: 17); b[19] = UInt8(ascii: ".")
            put(f.millisecond, 3, at: 20); b[23] = UInt8(ascii: "Z")
            return 24
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress.map { $0 + off }, $0.count - off) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return }
            off += n
        }
    }
}
