#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the server could not start listening. `description` carries the errno text.
public struct ServerStartError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public var errnoCode: Int32
}

/// The listening socket. Only the Server target touches sockets.
enum Socket {
    /// Creates a non-blocking listening socket on host:port. `::` is dual-stack (IPV6_V6ONLY=0)
    /// so that `localhost` resolving to ::1 works in compose. Fails at once with the errno text.
    static func listen(host: String, port: Int, backlog: Int32 = 1024) throws(ServerStartError) -> (fd: Int32, port: Int) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Platform.streamSocketType
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &res)
        guard rc == 0, let info = res else {
            throw ServerStartError(description: "cannot resolve --host \(host): \(String(cString: gai_strerror(rc)))", errnoCode: EINVAL)
        }
        defer { freeaddrinfo(res) }
        let fd = socket(info.pointee.ai_family, Platform.streamSocketType | Platform.socketCreateFlags, 0)
        guard fd >= 0 else { throw ServerStartError(description: "socket: \(Platform.errnoText())", errnoCode: errno) }
        Platform.setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
        if info.pointee.ai_family == AF_INET6 { Platform.setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 0) }
        if bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) != 0 {
            let e = errno
            Platform.closeDescriptor(fd)
            throw ServerStartError(description: "cannot bind \(host):\(port): \(Platform.errnoText(e))", errnoCode: e)
        }
        #if canImport(Glibc)
        let listened = Glibc.listen(fd, backlog)
        #else
        let listened = Darwin.listen(fd, backlog)
        #endif
        if listened != 0 {
            let e = errno
            Platform.closeDescriptor(fd)
            throw ServerStartError(description: "cannot listen on \(host):\(port): \(Platform.errnoText(e))", errnoCode: e)
        }
        // Non-blocking and close-on-exec (Darwin has no SOCK_CLOEXEC for socket(2)).
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
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
}
