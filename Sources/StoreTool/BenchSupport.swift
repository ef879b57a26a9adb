import CSQLite
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Monotonic seconds (CLOCK_MONOTONIC), for timing loops without Foundation.
enum Monotonic {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
    static func since(_ t: Double) -> Double { now() - t }

    /// CPU seconds used by the whole process (all threads): with `now()` it shows whether a
    /// figure was limited by this process or by other load on the machine.
    static func processCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// A small fast deterministic PRNG (SplitMix64): ids and key choice without Foundation.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A random lower-case UUID-shaped string (8-4-4-4-12 hex).
    mutating func uuid() -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        var a = next(), b = next()
        for i in 0..<32 {
            if i == 8 || i == 12 || i == 16 || i == 20 { out.append(UInt8(ascii: "-")) }
            if i < 16 { out.append(hex[Int(a & 0xF)]); a >>= 4 } else { out.append(hex[Int(b & 0xF)]); b >>= 4 }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// Per-thread result slots written once each by their own thread, summed after the join.
final class UnsafeCounters: Sendable {
    private let slots: Mutex<[Int]>
    init(_ n: Int) { slots = Mutex(Array(repeating: 0, count: n)) }
    func set(_ i: Int, _ v: Int) { slots.withLock { $0[i] = v } }
    var total: Int { slots.withLock { $0.reduce(0, +) } }
}

func sqlite3Version() -> UnsafePointer<CChar> { sqlite3_libversion() }

/// Writes a line straight to a file descriptor (unbuffered: once `write` returns, the parent
/// process can read it even if this process is killed the next instant).
func emit(_ line: String, fd: Int32 = 1) {
    var s = line + "\n"
    s.withUTF8 { buf in
        var off = 0
        while off < buf.count {
            let n = write(fd, buf.baseAddress.map { $0 + off }, buf.count - off)
            if n <= 0 { if errno == EINTR { continue }; return }
            off += n
        }
    }
}

/// `x` with `digits` decimals, rounded (what `String(format: "%.Nf")` printed, without Foundation).
func fixed(_ x: Double, _ digits: Int) -> String {
    guard x.isFinite else { return "\(x)" }
    var buf = [CChar](repeating: 0, count: 64)
    _ = withVaList([x]) { vsnprintf(&buf, buf.count, "%.\(max(0, min(digits, 9)))f", $0) }
    return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The few file operations the tool needs, through Glibc.
enum Files {
    /// `$TMPDIR`, or /tmp.
    static var temporaryDirectory: String {
        if let t = getenv("TMPDIR"), t.pointee != 0 { return String(cString: t) }
        return "/tmp"
    }

    /// Removes a database file and its WAL and shared-memory files, if present.
    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }
}

/// Runs `body` on a new detached pthread: the concurrent writers each block in
/// `writeAndWait`, which must not tie up Dispatch's worker pool.
func startThread(_ body: @escaping @Sendable () -> Void) {
    final class Box: @unchecked Sendable {  // owned by the new thread alone once started
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var thread = pthread_t()
    let rc = pthread_create(&thread, nil, { arg in
        guard let arg else { return nil }
        let box = Unmanaged<Box>.fromOpaque(arg).takeRetainedValue()
        box.body()
        return nil
    }, box)
    precondition(rc == 0, "pthread_create failed: \(rc)")
    pthread_detach(thread)
}
