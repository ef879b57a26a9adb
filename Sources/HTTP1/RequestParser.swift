#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the parser has to say after some bytes arrived.
public enum ParseEvent: Sendable, Equatable {
    /// A complete request: head and whole body (de-chunked).
    case request(HTTPRequest)
    /// The head of a request with `Expect: 100-continue` is complete and its body will be read:
    /// the server should send `100 Continue` now (RFC 9110 §10.1.1).
    case expectContinue(HTTPRequestHead)
    /// The request breaks a rule. The parser stays failed; the connection must close after the answer.
    case error(HTTPParseError)
}

/// A resumable, incremental HTTP/1.1 request parser (RFC 9112) over a growing byte buffer.
///
/// Bytes are appended as they arrive (`append`), and `next()` returns events as soon as enough
/// bytes are buffered. Line scans resume where the previous scan stopped, so a header section
/// that trickles in byte by byte still costs O(n) in total, and every line, the header section
/// and the body are bounded by `ParserLimits` before they are buffered whole.
///
/// Strict on framing, as request smuggling defences require: CL with TE, an invalid or
/// conflicting Content-Length, whitespace before a colon, obs-fold, a missing or duplicated
/// Host on 1.1, a non-hex chunk size and control characters are each refused with 400
/// (501 for an unknown transfer coding, 505 for an unsupported version).
public struct RequestParser: Sendable {
    /// Where the parser is in the current request; the server picks its timeout from this.
    public enum Phase: Sendable, Equatable {
        /// No byte of the next request has arrived (keep-alive idle).
        case idle
        /// Inside the request line or header section (header timeout).
        case head
        /// Inside the body (body idle timeout).
        case body
        /// A parse error was returned; nothing more will be parsed.
        case failed
    }

    private enum State: Sendable {
        case requestLine
        case headers
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed
    }

    public let limits: ParserLimits
    private var buffer: [UInt8] = []
    /// Bytes before this index are consumed.
    private var readIndex = 0
    /// Where the next scan for LF starts (≥ readIndex); avoids rescanning a partial line.
    private var scanIndex = 0
    private var state: State = .requestLine

    // The request being assembled.
    private var head = HTTPRequestHead(method: "", target: "", version: .http1_1, headers: HTTPHeaders())
    private var body: [UInt8] = []
    private var headerBytes = 0
    private var trailerCount = 0
    private var continuePending = false
    /// Empty lines skipped before a request line (RFC 9112 §2.2 allows a few).
    private var leadingEmptyLines = 0

    public init(limits: ParserLimits = ParserLimits()) {
        self.limits = limits
        buffer.reserveCapacity(4096)
    }

    /// Bytes buffered and not yet consumed.
    public var bufferedByteCount: Int { buffer.count - readIndex }

    public var phase: Phase {
        switch state {
        case .requestLine: return buffer.count > readIndex ? .head : .idle
        case .headers: return .head
        case .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailers: return .body
        case .failed: return .failed
        }
    }

    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        compactIfWorthIt()
        buffer.append(contentsOf: bytes)
    }

    public mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        compactIfWorthIt()
        buffer.append(contentsOf: bytes)
    }

    /// Drops consumed bytes once they are the larger part of the buffer, so compaction is
    /// amortised O(1) per byte.
    private mutating func compactIfWorthIt() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            scanIndex = 0
            readIndex = 0
        } else if readIndex >= 4096 && readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
            scanIndex -= readIndex
            readIndex = 0
        }
    }

    /// The next event, or nil when more bytes are needed.
    public mutating func next() -> ParseEvent? {
        while true {
            switch state {
            case .failed:
                return nil

            case .requestLine:
                guard let line = nextLine(limit: limits.maxRequestLine, tooLong: Self.requestLineTooLong) else {
                    return pendingError()
                }
                if case .failure(let e) = line { return fail(e) }
                guard case .success(let range) = line else { return nil }
                if range.isEmpty {
                    // Tolerate a few stray CRLFs between requests, but not an endless stream.
                    leadingEmptyLines += 1
                    if leadingEmptyLines > 8 { return fail(HTTPParseError(400, "bad_request_line", "Too many empty lines before the request line")) }
                    continue
                }
                leadingEmptyLines = 0
                if let e = parseRequestLine(range) { return fail(e) }
                headerBytes = 0
                state = .headers

            case .headers:
                guard let line = nextLine(limit: limits.maxHeaderLine, tooLong: Self.headerLineTooLong) else {
                    return pendingError()
                }
                if case .failure(let e) = line { return fail(e) }
                guard case .success(let range) = line else { return nil }
                if range.isEmpty {
                    if let event = finishHead() { return event }
                    continue
                }
                headerBytes += range.count + 2
                if headerBytes > limits.maxHeaderBytes {
                    return fail(HTTPParseError(431, "headers_too_large", "The header section is larger than \(limits.maxHeaderBytes) bytes"))
                }
                if head.headers.count >= limits.maxHeaderCount {
                    return fail(HTTPParseError(431, "too_many_headers", "More than \(limits.maxHeaderCount) header fields"))
                }
                if let e = parseHeaderLine(range) { return fail(e) }

            case .fixedBody(let remaining):
                if continuePending {
                    continuePending = false
                    if buffer.count - readIndex < remaining { return .expectContinue(head) }
                }
                guard buffer.count - readIndex >= remaining else { return nil }
                body = Array(buffer[readIndex..<(readIndex + remaining)])
                readIndex += remaining
                scanIndex = readIndex
                return complete()

            case .chunkSize:
                if continuePending {
                    continuePending = false
                    return .expectContinue(head)
                }
                guard let line = nextLine(limit: 4096, tooLong: Self.chunkLineTooLong) else { return pendingError() }
                if case .failure(let e) = line { return fail(e) }
                guard case .success(let range) = line else { return nil }
                switch parseChunkSize(range) {
                case .failure(let e): return fail(e)
                case .success(let size):
                    if size == 0 {
                        trailerCount = 0
                        state = .trailers
                    } else {
                        if body.count + size > limits.maxBodySize { return fail(Self.bodyTooLarge(limits.maxBodySize)) }
                        state = .chunkData(remaining: size)
                    }
                }

            case .chunkData(let remaining):
                let available = buffer.count - readIndex
                guard available > 0 else { return nil }
                let n = min(available, remaining)
                body.append(contentsOf: buffer[readIndex..<(readIndex + n)])
                readIndex += n
                scanIndex = readIndex
                state = n == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - n)

            case .chunkDataEnd:
                guard buffer.count - readIndex >= 2 else { return nil }
                guard buffer[readIndex] == 0x0D, buffer[readIndex + 1] == 0x0A else {
                    return fail(HTTPParseError(400, "bad_chunk", "Chunk data is not followed by CRLF"))
                }
                readIndex += 2
                scanIndex = readIndex
                state = .chunkSize

            case .trailers:
                guard let line = nextLine(limit: limits.maxHeaderLine, tooLong: Self.headerLineTooLong) else {
                    return pendingError()
                }
                if case .failure(let e) = line { return fail(e) }
                guard case .success(let range) = line else { return nil }
                if range.isEmpty { return complete() }
                // Trailer fields are parsed for well-formedness and then ignored (RFC 9112 §7.1.2).
                trailerCount += 1
                headerBytes += range.count + 2
                if trailerCount > limits.maxHeaderCount || headerBytes > limits.maxHeaderBytes {
                    return fail(HTTPParseError(431, "headers_too_large", "The trailer section is too large"))
                }
                if let e = validateFieldLine(range) { return fail(e) }
            }
        }
    }

    // MARK: lines

    private enum LineResult {
        case success(Range<Int>)
        case failure(HTTPParseError)
    }

    private static let requestLineTooLong = HTTPParseError(414, "uri_too_long", "The request line is too long")
    private static let headerLineTooLong = HTTPParseError(431, "header_too_large", "A header line is too long")
    private static let chunkLineTooLong = HTTPParseError(400, "bad_chunk", "A chunk-size line is too long")
    private static func bodyTooLarge(_ max: Int) -> HTTPParseError {
        HTTPParseError(413, "body_too_large", "The request body is larger than \(max) bytes")
    }

    /// An over-long partial line detected while waiting for more bytes.
    private var overlongPartialLine: HTTPParseError?

    private mutating func pendingError() -> ParseEvent? {
        if let e = overlongPartialLine { return fail(e) }
        return nil
    }

    /// Finds the next CRLF-terminated line from `readIndex`. nil: incomplete (and within limit).
    /// Scanning resumes at `scanIndex`, so partial lines are never rescanned.
    private mutating func nextLine(limit: Int, tooLong: HTTPParseError) -> LineResult? {
        let start = readIndex
        let count = buffer.count
        var lf = -1
        if scanIndex < count {
            buffer.withUnsafeBufferPointer { p in
                guard let base = p.baseAddress else { return }
                if let hit = memchr(base + scanIndex, 0x0A, count - scanIndex) {
                    lf = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                }
            }
        }
        if lf < 0 {
            scanIndex = count
            if count - start > limit + 1 { overlongPartialLine = tooLong }
            return nil
        }
        // The length is checked before the line ending, as the partial-line check above does, so a
        // long line ending in a bare LF gets the same answer however the bytes were split.
        if lf - start > limit + 1 { return .failure(tooLong) }
        // A line must end in CRLF; a bare LF is refused (RFC 9112 §2.2 leaves it to us; strict is safer).
        guard lf > start, buffer[lf - 1] == 0x0D else {
            return .failure(HTTPParseError(400, "bare_lf", "Lines must end with CRLF"))
        }
        let end = lf - 1
        readIndex = lf + 1
        scanIndex = readIndex
        return .success(start..<end)
    }

    // MARK: request line

    private mutating func parseRequestLine(_ r: Range<Int>) -> HTTPParseError? {
        // method SP request-target SP HTTP-version (RFC 9112 §3): exactly two single spaces.
        var sp1 = -1, sp2 = -1
        for i in r {
            let c = buffer[i]
            if c == 0x20 {
                if sp1 < 0 { sp1 = i } else if sp2 < 0 { sp2 = i } else {
                    return HTTPParseError(400, "bad_request_line", "Malformed request line")
                }
            } else if c < 0x21 || c == 0x7F {
                return HTTPParseError(400, "bad_request_line", "Control character in the request line")
            }
        }
        guard sp1 > r.lowerBound, sp2 > sp1 + 1, sp2 < r.upperBound - 1 else {
            return HTTPParseError(400, "bad_request_line", "Malformed request line")
        }
        for i in r.lowerBound..<sp1 where !Self.isTokenChar(buffer[i]) {
            return HTTPParseError(400, "bad_method", "Invalid method")
        }
        guard let version = parseVersion((sp2 + 1)..<r.upperBound) else {
            return HTTPParseError(400, "bad_version", "Malformed HTTP version")
        }
        // RFC 9110 §2.5 / RFC 9112 §2.3: a higher minor version of a major version we implement
        // is served as the highest minor we implement (HTTP/1.2 as HTTP/1.1); other majors are 505.
        guard version.major == 1 else {
            return HTTPParseError(505, "version_not_supported", "Only HTTP/1.x is supported")
        }
        let method = String(decoding: buffer[r.lowerBound..<sp1], as: UTF8.self)
        var target = String(decoding: buffer[(sp1 + 1)..<sp2], as: UTF8.self)
        // obs-text in the target is not a URI (RFC 3986): refuse rather than guess.
        for i in (sp1 + 1)..<sp2 where buffer[i] >= 0x80 {
            return HTTPParseError(400, "bad_target", "Invalid character in the request target")
        }
        if let first = target.utf8.first, first != UInt8(ascii: "/") {
            if target == "*" && method == "OPTIONS" {
                // asterisk-form
            } else if let path = Self.absoluteFormPath(target) {
                target = path
            } else {
                return HTTPParseError(400, "bad_target", "The request target must be origin-form or absolute-form")
            }
        }
        head = HTTPRequestHead(method: method, target: target, version: version.minor > 1 ? .http1_1 : version, headers: HTTPHeaders())
        return nil
    }

    /// `http://host[:port]/path?q` → `/path?q` (absolute-form, RFC 9112 §3.2.2).
    private static func absoluteFormPath(_ t: String) -> String? {
        let lower = t.lowercased()
        let schemeEnd: String.Index
        if lower.hasPrefix("http://") { schemeEnd = t.index(t.startIndex, offsetBy: 7) } else if lower.hasPrefix("https://") {
            schemeEnd = t.index(t.startIndex, offsetBy: 8)
        } else { return nil }
        let rest = t[schemeEnd...]
        guard !rest.isEmpty else { return nil }
        if let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" }) {
            let p = String(rest[slash...])
            return p.hasPrefix("?") ? "/" + p : p
        }
        return "/"
    }

    private func parseVersion(_ r: Range<Int>) -> HTTPVersion? {
        // "HTTP/" DIGIT "." DIGIT
        guard r.count == 8 else { return nil }
        let b = r.lowerBound
        guard buffer[b] == 0x48, buffer[b + 1] == 0x54, buffer[b + 2] == 0x54, buffer[b + 3] == 0x50, buffer[b + 4] == 0x2F,
              buffer[b + 6] == 0x2E else { return nil }
        let ma = buffer[b + 5], mi = buffer[b + 7]
        guard (0x30...0x39).contains(ma), (0x30...0x39).contains(mi) else { return nil }
        return HTTPVersion(major: Int(ma - 0x30), minor: Int(mi - 0x30))
    }

    // MARK: header lines

    private func validateFieldLine(_ r: Range<Int>) -> HTTPParseError? {
        let first = buffer[r.lowerBound]
        if first == 0x20 || first == 0x09 {
            return HTTPParseError(400, "obs_fold", "Obsolete line folding is not accepted")
        }
        var colon = -1
        for i in r {
            let c = buffer[i]
            if c == UInt8(ascii: ":") { colon = i; break }
            if c == 0x20 || c == 0x09 {
                return HTTPParseError(400, "space_before_colon", "Whitespace between a field name and the colon")
            }
            if !Self.isTokenChar(c) { return HTTPParseError(400, "bad_header_name", "Invalid character in a field name") }
        }
        guard colon > r.lowerBound else { return HTTPParseError(400, "bad_header", "Malformed header line") }
        for i in (colon + 1)..<r.upperBound {
            let c = buffer[i]
            if (c < 0x20 && c != 0x09) || c == 0x7F {
                return HTTPParseError(400, "bad_header_value", "Control character in a header value")
            }
        }
        return nil
    }

    private mutating func parseHeaderLine(_ r: Range<Int>) -> HTTPParseError? {
        if let e = validateFieldLine(r) { return e }
        guard let colon = buffer[r].firstIndex(of: UInt8(ascii: ":")) else {
            return HTTPParseError(400, "bad_header", "Malformed header line")
        }
        var vs = colon + 1, ve = r.upperBound
        while vs < ve, buffer[vs] == 0x20 || buffer[vs] == 0x09 { vs += 1 }
        while ve > vs, buffer[ve - 1] == 0x20 || buffer[ve - 1] == 0x09 { ve -= 1 }
        let name = String(decoding: buffer[r.lowerBound..<colon], as: UTF8.self)
        let value = String(decoding: buffer[vs..<ve], as: UTF8.self)
        head.headers.add(name: name, value: value)
        return nil
    }

    // MARK: end of head: framing decisions

    private mutating func finishHead() -> ParseEvent? {
        let h = head.headers
        let is11 = head.version.minor >= 1

        // Host (RFC 9112 §3.2): exactly one on 1.1; never more than one.
        let hosts = h.values("Host")
        if hosts.count > 1 { return fail(HTTPParseError(400, "duplicate_host", "More than one Host header")) }
        if is11 && hosts.isEmpty { return fail(HTTPParseError(400, "missing_host", "HTTP/1.1 requests must have a Host header")) }
        // ... and a Host with an invalid field value is a 400 too (RFC 9112 §3.2: uri-host [":" port]).
        if let host = hosts.first, !host.utf8.allSatisfy(Self.isHostChar) {
            return fail(HTTPParseError(400, "bad_host", "Invalid Host header"))
        }

        let te = h.values("Transfer-Encoding")
        let cl = h.values("Content-Length")
        var chunked = false
        var length = 0

        if !te.isEmpty {
            // CL and TE together is the classic smuggling vector: refuse (RFC 9112 §6.1).
            if !cl.isEmpty {
                return fail(HTTPParseError(400, "cl_and_te", "Content-Length and Transfer-Encoding together"))
            }
            if !is11 {
                return fail(HTTPParseError(400, "te_on_http10", "Transfer-Encoding is not allowed on HTTP/1.0"))
            }
            var codings: [Substring] = []
            for v in te {
                for c in v.split(separator: ",") {
                    let t = c.trimmingSpaces
                    if !t.isEmpty { codings.append(t) }
                }
            }
            for c in codings where !HTTPHeaders.equalsIgnoringCase(c, "chunked") {
                return fail(HTTPParseError(501, "unsupported_transfer_coding", "Only the chunked transfer coding is supported"))
            }
            guard codings.count == 1 else {
                return fail(HTTPParseError(400, "bad_transfer_encoding", "chunked must be applied exactly once"))
            }
            chunked = true
        } else if !cl.isEmpty {
            var value: Int?
            for v in cl {
                for part in v.split(separator: ",", omittingEmptySubsequences: false) {
                    guard let n = Self.parseContentLength(part.trimmingSpaces) else {
                        return fail(HTTPParseError(400, "content_length_invalid", "Invalid Content-Length"))
                    }
                    if let prev = value, prev != n {
                        return fail(HTTPParseError(400, "content_length_conflict", "Conflicting Content-Length values"))
                    }
                    value = n
                }
            }
            length = value ?? 0
            if length > limits.maxBodySize { return fail(Self.bodyTooLarge(limits.maxBodySize)) }
        }

        // Expect (RFC 9110 §10.1.1): only 100-continue exists.
        continuePending = false
        if let expect = h["Expect"] {
            guard HTTPHeaders.equalsIgnoringCase(expect.trimmingSpaces, "100-continue") else {
                return fail(HTTPParseError(417, "expectation_failed", "Only Expect: 100-continue is supported"))
            }
            continuePending = is11 && (chunked || length > 0)
        }

        body = []
        if chunked {
            state = .chunkSize
        } else if length > 0 {
            state = .fixedBody(remaining: length)
        } else {
            return complete()
        }
        return nil
    }

    /// 1*DIGIT. A value too large for an Int saturates at Int.max rather than failing: it is
    /// a valid Content-Length larger than any body limit, so its answer is 413 however many
    /// digits it has (two different huge values then compare equal; both are refused anyway).
    private static func parseContentLength(_ s: Substring) -> Int? {
        guard !s.isEmpty else { return nil }
        var n = 0
        for c in s.utf8 {
            guard c >= 0x30 && c <= 0x39 else { return nil }
            let (times10, o1) = n.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(Int(c - 0x30))
            n = o1 || o2 ? Int.max : sum
        }
        return n
    }

    private enum ChunkSizeResult {
        case success(Int)
        case failure(HTTPParseError)
    }

    /// chunk-size [ chunk-ext ]: 1*HEXDIG, then `;ext` which we ignore (RFC 9112 §7.1.1).
    private func parseChunkSize(_ r: Range<Int>) -> ChunkSizeResult {
        var size = 0
        var digits = 0
        var i = r.lowerBound
        while i < r.upperBound {
            let c = buffer[i]
            let d: Int
            switch c {
            case 0x30...0x39: d = Int(c - 0x30)
            case 0x61...0x66: d = Int(c - 0x61 + 10)
            case 0x41...0x46: d = Int(c - 0x41 + 10)
            default: d = -1
            }
            if d < 0 { break }
            digits += 1
            if digits > 15 { return .failure(HTTPParseError(400, "bad_chunk_size", "Chunk size too large")) }
            size = size * 16 + d
            i += 1
        }
        guard digits > 0 else { return .failure(HTTPParseError(400, "bad_chunk_size", "Chunk size is not hexadecimal")) }
        // What follows may only be whitespace and a chunk extension.
        while i < r.upperBound, buffer[i] == 0x20 || buffer[i] == 0x09 { i += 1 }
        if i < r.upperBound {
            guard buffer[i] == UInt8(ascii: ";") else {
                return .failure(HTTPParseError(400, "bad_chunk_size", "Chunk size is not hexadecimal"))
            }
            for j in i..<r.upperBound where (buffer[j] < 0x20 && buffer[j] != 0x09) || buffer[j] == 0x7F {
                return .failure(HTTPParseError(400, "bad_chunk", "Control character in a chunk extension"))
            }
        }
        return .success(size)
    }

    // MARK: completion

    private mutating func complete() -> ParseEvent {
        let request = HTTPRequest(head: head, body: body)
        body = []
        state = .requestLine
        headerBytes = 0
        continuePending = false
        return .request(request)
    }

    private mutating func fail(_ e: HTTPParseError) -> ParseEvent {
        var e = e
        switch state {
        case .requestLine: if e.status == 414 { e.target = partialTarget() }
        case .failed: break
        default: e.target = head.target
        }
        state = .failed
        overlongPartialLine = nil
        return .error(e)
    }

    /// The start of the target of the request line being read (after the method and one
    /// space, up to the next space or line end, at most 512 bytes), for a 414's error shape.
    /// Only the line's first `maxRequestLine` bytes are looked at: they are all there whenever
    /// a 414 is raised, so the answer does not depend on how the bytes arrived.
    private func partialTarget() -> String? {
        let limit = min(buffer.count, readIndex + limits.maxRequestLine)
        var i = readIndex
        while i < limit && buffer[i] != UInt8(ascii: " ") {
            if buffer[i] == 13 || buffer[i] == 10 { return nil }
            i += 1
        }
        i += 1
        guard i < limit else { return nil }
        var end = i
        while end < limit && end - i < 512 && buffer[end] > 0x20 && buffer[end] < 0x7F { end += 1 }
        return end > i ? String(decoding: buffer[i..<end], as: UTF8.self) : nil
    }

    /// The characters of uri-host [":" port] (RFC 3986 §3.2.2: reg-name, IPv4, IP-literal).
    @inline(__always)
    static func isHostChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"),
             UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"):
            return true
        default: return false
        }
    }

    /// tchar (RFC 9110 §5.6.2).
    @inline(__always)
    static func isTokenChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default: return false
        }
    }
}
