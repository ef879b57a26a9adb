import CLinux
import Glibc

/// Why the server could not start listening. `description` carries the errno text.
public struct ServerStartError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public var errnoCode: Int32
}

/// Thin POSIX socket helpers. Only the Server target touches sockets.
enum Socket {
    static func errnoText(_ e: Int32 = errno) -> String { String(cString: strerror(e)) }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL, 0)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) {
        var v = value
        _ = setsockopt(fd, level, name, &v, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Creates a non-blocking listening socket on host:port. `::` is dual-stack (IPV6_V6ONLY=0)
    /// so that `localhost` resolving to ::1 works in compose. Fails at once with the errno text.
    static func listen(host: String, port: Int, backlog: Int32 = 1024) throws(ServerStartError) -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &res)
        guard rc == 0, let info = res else {
            throw ServerStartError(description: "cannot resolve --host \(host): \(String(cString: gai_strerror(rc)))", errnoCode: EINVAL)
        }
        defer { freeaddrinfo(res) }
        let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ServerStartError(description: "socket: \(errnoText())", errnoCode: errno) }
        setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
        if info.pointee.ai_family == AF_INET6 { setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 0) }
        if bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
            let e = errno
            close(fd)
            throw ServerStartError(description: "cannot bind \(host):\(port): \(errnoText(e))", errnoCode: e)
        }
        if Glibc.listen(fd, backlog) != 0 {
            let e = errno
            close(fd)
            throw ServerStartError(description: "cannot listen on \(host):\(port): \(errnoText(e))", errnoCode: e)
        }
        setNonBlocking(fd)
        return (fd, boundPort(fd) ?? port)
    }

    static func boundPort(_ fd: Int32) -> Int? {
        var storage = sockaddr_storage()
        var len = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { return nil }
        if Int32(storage.ss_family) == AF_INET {
            return withUnsafePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
            }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
        }
    }

    /// CPUs this process may run on (respects `taskset`), at least 1.
    static func availableCPUs() -> Int { Int(pt_available_cpus()) }

    static func monotonicMillis() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}
