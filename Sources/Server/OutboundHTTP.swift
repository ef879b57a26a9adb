import HTTP1
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which hosts outbound requests (webhook deliveries) may reach: `--webhook-targets`.
/// The check is made on the addresses a name resolves to, just before connecting, so a name
/// that resolves to a forbidden address is refused whatever it is called.
public enum TargetPolicy: Sendable, Equatable {
    /// Loopback and private ranges only (RFC 1918, link-local, IPv6 ULA): a test's own
    /// receivers, never the internet. The default.
    case privateNetworks
    /// Anything.
    case any
    /// Only these host names or literal addresses (as written in the URL, case-insensitive).
    case allowList([String])

    /// `private`, `any`, or a comma-separated list of hosts.
    public init?(flag: String) {
        switch flag.lowercased() {
        case "private", "": self = .privateNetworks
        case "any": self = .any
        default:
            let hosts = flag.split(separator: ",").map { String($0.trimmingSpaces) }.filter { !$0.isEmpty }
            guard !hosts.isEmpty else { return nil }
            self = .allowList(hosts.map { $0.lowercased() })
        }
    }

    func allows(host: String) -> Bool {
        if case .allowList(let hosts) = self { return hosts.contains(host.lowercased()) }
        return true
    }

    func allows(address: UnsafePointer<sockaddr>) -> Bool {
        guard self == .privateNetworks else { return true }
        return Self.isPrivate(address)
    }

    /// Loopback, RFC 1918, link-local, CGNAT-free private ranges; IPv6 loopback, ULA
    /// (fc00::/7), link-local (fe80::/10) and IPv4-mapped private addresses.
    static func isPrivate(_ address: UnsafePointer<sockaddr>) -> Bool {
        switch Int32(address.pointee.sa_family) {
        case AF_INET:
            let a = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { UInt32(bigEndian: $0.pointee.sin_addr.s_addr) }
            return isPrivateV4(a)
        case AF_INET6:
            let b: [UInt8] = address.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                withUnsafeBytes(of: p.pointee.sin6_addr) { Array($0) }
            }
            if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return true }            // ::1
            if b[0] & 0xFE == 0xFC { return true }                                       // fc00::/7
            if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return true }                       // fe80::/10
            if b[0..<10].allSatisfy({ $0 == 0 }) && b[10] == 0xFF && b[11] == 0xFF {     // ::ffff:a.b.c.d
                return isPrivateV4(UInt32(b[12]) << 24 | UInt32(b[13]) << 16 | UInt32(b[14]) << 8 | UInt32(b[15]))
            }
            return false
        default:
            return false
        }
    }

    static func isPrivateV4(_ a: UInt32) -> Bool {
        a >> 24 == 127 || a >> 24 == 10 || a >> 20 == 0xAC1 || a >> 16 == 0xC0A8 || a >> 16 == 0xA9FE
    }
}

/// The outcome of one outbound request.
public enum OutboundResult: Sendable, Equatable {
    /// The server answered (any status); the body is cut to `maxBody` bytes.
    case response(status: Int, body: [UInt8])
    /// No answer: a refused target, DNS, connect, I/O or the deadline; a person-readable reason.
    case failure(String)
}

/// A small blocking HTTP/1.1 client for webhook deliveries, on POSIX sockets (the Server
/// target is the only code that touches sockets). One request per connection
/// (`Connection: close`), `http://` only, everything — resolving excepted — within one
/// deadline. Meant to run on a worker thread, never on an event loop.
public enum OutboundHTTP {
    public static func post(url: String, headers: [(String, String)], body: [UInt8], timeoutMillis: Int,
                            policy: TargetPolicy, userAgent: String, maxBody: Int = 64 * 1024) -> OutboundResult {
        guard let target = URLParts(url) else { return .failure("not an http URL: \(redacted(url))") }
        guard target.scheme == "http" else { return .failure("\(target.scheme):// targets are not supported (use http://)") }
        guard policy.allows(host: target.host) else { return .failure("target host \(target.host) is not allowed by --webhook-targets") }
        let deadline = Platform.monotonicMillis() + Int64(max(1, timeoutMillis))

        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Platform.streamSocketType
        hints.ai_flags = AI_NUMERICSERV
        var res: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(target.host, String(target.port), &hints, &res)
        guard rc == 0, let first = res else { return .failure("cannot resolve \(target.host): \(String(cString: gai_strerror(rc)))") }
        defer { freeaddrinfo(res) }

        var lastError = "no address for \(target.host)"
        var node: UnsafeMutablePointer<addrinfo>? = first
        while let info = node {
            node = info.pointee.ai_next
            guard let addr = info.pointee.ai_addr else { continue }
            guard policy.allows(address: addr) else {
                lastError = "\(target.host) resolves to an address outside loopback and private networks (--webhook-targets private)"
                continue
            }
            switch connect(info, deadline: deadline) {
            case .failure(let e):
                lastError = e
            case .success(let fd):
                defer { Platform.closeDescriptor(fd) }
                var request = "POST \(target.pathAndQuery) HTTP/1.1\r\nHost: \(target.hostHeader)\r\n"
                request += "User-Agent: \(userAgent)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n"
                for (n, v) in headers where !["host", "content-length", "connection"].contains(n.lowercased()) {
                    request += "\(n): \(v)\r\n"
                }
                request += "\r\n"
                let bytes = Array(request.utf8) + body
                if let e = sendAll(fd, bytes, deadline: deadline) { return .failure(e) }
                return readResponse(fd, deadline: deadline, maxBody: maxBody)
            }
        }
        return .failure(lastError)
    }

    /// The URL without its query (which may carry a token), for logs and errors.
    public static func redacted(_ url: String) -> String {
        String(url.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    private enum Connected { case success(Int32), failure(String) }

    private static func connect(_ info: UnsafeMutablePointer<addrinfo>, deadline: Int64) -> Connected {
        let fd = socket(info.pointee.ai_family, Platform.streamSocketType | Platform.socketCreateFlags, 0)
        guard fd >= 0 else { return .failure("socket: \(Platform.errnoText())") }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL, 0) | O_NONBLOCK)
        _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        #if canImport(Darwin)
        Platform.setOption(fd, SOL_SOCKET, SO_NOSIGPIPE, 1)
        #endif
        #if canImport(Glibc)
        let started = Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
        #else
        let started = Darwin.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen)
        #endif
        if started != 0 && errno != EINPROGRESS {
            let e = Platform.errnoText()
            Platform.closeDescriptor(fd)
            return .failure("connect: \(e)")
        }
        if started != 0 {
            guard wait(fd, events: Int16(POLLOUT), deadline: deadline) else {
                Platform.closeDescriptor(fd)
                return .failure("connect: timed out")
            }
            var err: Int32 = 0
            var len = socklen_t(MemoryLayout<Int32>.size)
            _ = getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
            if err != 0 {
                Platform.closeDescriptor(fd)
                return .failure("connect: \(Platform.errnoText(err))")
            }
        }
        return .success(fd)
    }

    /// Waits for `events` on `fd` until the deadline; false on timeout or error.
    private static func wait(_ fd: Int32, events: Int16, deadline: Int64) -> Bool {
        while true {
            let left = deadline - Platform.monotonicMillis()
            if left <= 0 { return false }
            var p = pollfd(fd: fd, events: events, revents: 0)
            let n = poll(&p, 1, Int32(min(left, Int64(Int32.max))))
            if n > 0 { return true }
            if n == 0 { return false }
            if errno != EINTR { return false }
        }
    }

    private static func sendAll(_ fd: Int32, _ bytes: [UInt8], deadline: Int64) -> String? {
        var off = 0
        while off < bytes.count {
            let n = bytes.withUnsafeBytes { send(fd, $0.baseAddress.map { $0 + off }, $0.count - off, Platform.sendFlags) }
            if n > 0 { off += n; continue }
            if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                guard wait(fd, events: Int16(POLLOUT), deadline: deadline) else { return "send: timed out" }
                continue
            }
            if n < 0 && errno == EINTR { continue }
            return "send: \(Platform.errnoText())"
        }
        return nil
    }

    /// Reads until the status line, the headers and (with Content-Length) the body are in, or
    /// the peer closes; keeps at most `maxBody` body bytes.
    private static func readResponse(_ fd: Int32, deadline: Int64, maxBody: Int) -> OutboundResult {
        var data: [UInt8] = []
        var buf = [UInt8](repeating: 0, count: 16 * 1024)
        var headerEnd: Int?
        var contentLength: Int?
        while true {
            if let h = headerEnd {
                let have = data.count - h
                if let cl = contentLength, have >= cl || have >= maxBody { break }
                if contentLength == nil && have >= maxBody { break }
            }
            let n = buf.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                if data.count < maxBody + 64 * 1024 { data.append(contentsOf: buf[0..<n]) }
                if headerEnd == nil, let end = Self.find(data, [13, 10, 13, 10]) {
                    headerEnd = end + 4
                    contentLength = Self.contentLength(data[0..<end])
                }
                continue
            }
            if n == 0 { break }
            if errno == EAGAIN || errno == EWOULDBLOCK {
                guard wait(fd, events: Int16(POLLIN), deadline: deadline) else {
                    if headerEnd != nil { break }  // the status is in; a slow body does not undo it
                    return .failure("timed out waiting for the response")
                }
                continue
            }
            if errno == EINTR { continue }
            if headerEnd != nil { break }
            return .failure("recv: \(Platform.errnoText())")
        }
        guard let h = headerEnd ?? (data.isEmpty ? nil : data.count) else { return .failure("the connection closed without a response") }
        let line = data.prefix { $0 != 13 && $0 != 10 }
        let parts = line.split(separator: 0x20, maxSplits: 2)
        guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), parts[1].count == 3,
              let status = Int(String(decoding: parts[1], as: UTF8.self)) else {
            return .failure("not an HTTP/1.x response")
        }
        return .response(status: status, body: Array(data[min(h, data.count)...].prefix(maxBody)))
    }

    static func find(_ hay: [UInt8], _ needle: [UInt8]) -> Int? {
        guard hay.count >= needle.count else { return nil }
        for i in 0...(hay.count - needle.count) where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }

    static func contentLength(_ head: ArraySlice<UInt8>) -> Int? {
        let text = String(decoding: head, as: UTF8.self)
        for line in text.split(separator: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].lowercased() == "content-length" {
                return Int(line[line.index(after: colon)...].trimmingSpaces)
            }
        }
        return nil
    }
}

/// The parts of an `http://host[:port]/path?query` URL (RFC 3986, the subset webhooks use).
struct URLParts: Equatable {
    init(scheme: String, host: String, port: Int, pathAndQuery: String) {
        self.scheme = scheme
        self.host = host
        self.port = port
        self.pathAndQuery = pathAndQuery
    }

    var scheme: String
    var host: String
    var port: Int
    var pathAndQuery: String

    /// `Host:` as sent: the host, bracketed if IPv6, with a non-default port.
    var hostHeader: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return port == (scheme == "https" ? 443 : 80) ? h : "\(h):\(port)"
    }

    init?(_ url: String) {
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else { return nil }
        scheme = url[..<colon].lowercased()
        var rest = url[url.index(colon, offsetBy: 3)...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let pathStart = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<pathStart]
        var path = String(rest[pathStart...])
        if path.isEmpty || path.first == "?" { path = "/" + path }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }  // no userinfo
        let defaultPort = scheme == "https" ? 443 : 80
        if authority.first == "[" {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.isEmpty { port = defaultPort } else {
                guard after.first == ":", let p = Int(after.dropFirst()), (1...65535).contains(p) else { return nil }
                port = p
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = String(authority[..<colon])
            guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else { return nil }
            port = p
        } else {
            host = String(authority)
            port = defaultPort
        }
        guard !host.isEmpty, host.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }),
              path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        pathAndQuery = path
    }
}

