#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Process-level I/O without Foundation: Foundation alone adds ~10 MB of resident memory
/// (ICU data), and polytask aims to stay far below that.
enum ProcessIO {
    /// Writes a line to stdout, unbuffered: under test harnesses and compose stdout is a pipe,
    /// and the ready line must arrive at once.
    static func say(_ line: String) { write(1, line + "\n") }

    static func warn(_ line: String) { write(2, "polytask: " + line + "\n") }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeMutableBytes { rawWrite(fd, $0.baseAddress.map { $0 + off }, $0.count - off) }
            if n <= 0 { if errno == EINTR { continue } else { return } }
            off += n
        }
    }

    private static func rawWrite(_ fd: Int32, _ p: UnsafeMutableRawPointer?, _ n: Int) -> Int {
        #if canImport(Glibc)
        return Glibc.write(fd, p, n)
        #else
        return Darwin.write(fd, p, n)
        #endif
    }

    /// The environment as a dictionary.
    static func environment() -> [String: String] {
        var env: [String: String] = [:]
        #if canImport(Glibc)
        var p = environ
        #else
        // Darwin exports no `environ` variable to Swift; crt_externs.h has the accessor.
        guard let base = _NSGetEnviron()?.pointee else { return env }
        var p = base
        #endif
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { env[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return env
    }

    /// Reads a file in chunks of `chunkSize` bytes; `body` sees each chunk. Nil on an open error.
    static func readChunks(path: String, chunkSize: Int = 64 * 1024,
                           _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var buf = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue } else { return false } }
            if n == 0 { return true }
            try buf.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
        }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}
