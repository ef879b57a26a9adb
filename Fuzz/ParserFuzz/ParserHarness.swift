import HTTP1

/// The one check that both the libFuzzer target (`Fuzz/ParserFuzz`) and the regression test
/// (`Tests/HTTP1Tests`, through a symlink to this file) run on an input, so that a case the
/// fuzzer keeps under `Tests/HTTP1Tests/Regressions/` is replayed by exactly the same oracle.
///
/// Crashes and hangs are not the only bugs a parser has: the oracle also asserts what must hold
/// for every byte stream (RFC 9112 framing invariants, a settled parser after each append, the
/// answer not depending on how TCP happened to split the bytes, and no response splitting when a
/// request's header values are echoed through `ResponseSerializer`).
enum ParserHarness {
    /// Limit sets the first input byte picks from: the defaults, and small ones so that the fuzzer
    /// reaches every limit (and the zero edge) with short inputs.
    static let limitSets: [ParserLimits] = [
        ParserLimits(),
        ParserLimits(maxRequestLine: 32, maxHeaderLine: 32, maxHeaderBytes: 96, maxHeaderCount: 4, maxBodySize: 16),
        ParserLimits(maxRequestLine: 256, maxHeaderLine: 128, maxHeaderBytes: 512, maxHeaderCount: 16, maxBodySize: 1024),
        ParserLimits(maxRequestLine: 8, maxHeaderLine: 8, maxHeaderBytes: 16, maxHeaderCount: 1, maxBodySize: 0),
    ]

    /// The statuses the parser may answer a refused request with.
    static let errorStatuses: Set<Int> = [400, 413, 414, 417, 431, 501, 505]

    /// What one feed produced.
    struct Outcome {
        var events: [ParseEvent] = []
        var violations: [String] = []
        var failed: Bool { events.contains { if case .error = $0 { return true } else { return false } } }
    }

    /// Feeds `bytes` to a fresh parser in pieces of `pieceSize` bytes (0: all at once), and drains
    /// `next()` after every piece, the way the server does after every read(2).
    static func feed(_ bytes: [UInt8], limits: ParserLimits = ParserLimits(), pieceSize: Int = 0) -> Outcome {
        var parser = RequestParser(limits: limits)
        var out = Outcome()
        if parser.phase != .idle { out.violations.append("a fresh parser is not idle") }
        let step = pieceSize <= 0 ? max(bytes.count, 1) : pieceSize
        var start = 0
        while start < bytes.count {
            let end = min(start + step, bytes.count)
            parser.append(bytes[start..<end])
            start = end
            drain(&parser, into: &out, budget: bytes.count + 2)
        }
        if out.failed {
            // A failed parser stays failed: the connection is closed after the answer.
            if parser.phase != .failed { out.violations.append("phase is \(parser.phase) after an error") }
            parser.append(Array("GET / HTTP/1.1\r\nHost: a\r\n\r\n".utf8))
            if let e = parser.next() { out.violations.append("an event after an error: \(e)") }
        } else if parser.phase == .failed {
            out.violations.append("phase is failed without an error event")
        }
        return out
    }

    /// Calls `next()` until it returns nil; more events than bytes means it does not settle.
    private static func drain(_ parser: inout RequestParser, into out: inout Outcome, budget: Int) {
        var n = 0
        while let e = parser.next() {
            out.events.append(e)
            n += 1
            if n > budget {
                out.violations.append("next() keeps returning events without consuming bytes")
                return
            }
        }
    }

    /// Events without the interim `expectContinue`, which legitimately depends on whether the body
    /// had already arrived when the head was parsed.
    static func finalEvents(_ events: [ParseEvent]) -> [ParseEvent] {
        events.filter { if case .expectContinue = $0 { return false } else { return true } }
    }

    /// The whole oracle. Input layout: byte 0 picks the limit set, byte 1 the piece size of the
    /// second feed (1...32), the rest is the byte stream a client sent. Returns the violations.
    static func check(_ input: [UInt8]) -> [String] {
        guard input.count >= 2 else { return [] }
        let limits = limitSets[Int(input[0]) % limitSets.count]
        let pieceSize = Int(input[1]) % 32 + 1
        let stream = Array(input[2...])
        let whole = feed(stream, limits: limits)
        let split = feed(stream, limits: limits, pieceSize: pieceSize)
        var violations = whole.violations + split.violations
        if finalEvents(whole.events) != finalEvents(split.events) {
            violations.append("the result depends on how the bytes were split (piece size \(pieceSize)): "
                + "\(summary(whole.events)) vs \(summary(split.events))")
        }
        violations += invariants(whole.events, limits: limits)
        violations += invariants(split.events, limits: limits)
        return violations
    }

    static func summary(_ events: [ParseEvent]) -> String {
        events.map { e -> String in
            switch e {
            case .request(let r): return "request(\(r.head.method) \(r.head.target) body \(r.body.count))"
            case .expectContinue: return "continue"
            case .error(let err): return "error(\(err.status) \(err.code))"
            }
        }.joined(separator: ", ")
    }

    /// What must hold for every event, whatever the bytes were.
    static func invariants(_ events: [ParseEvent], limits: ParserLimits) -> [String] {
        var v: [String] = []
        var pendingContinue: HTTPRequestHead?
        for (i, e) in events.enumerated() {
            switch e {
            case .error(let err):
                if i != events.count - 1 { v.append("events after an error") }
                if !errorStatuses.contains(err.status) { v.append("unexpected error status \(err.status)") }
                if err.code.isEmpty || !err.code.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }) {
                    v.append("error code is not snake_case: \(err.code)")
                }
                v += responseInvariants(ResponseSerializer.serialize(err, requestID: "fuzz", date: "Thu, 01 Jan 1970 00:00:00 GMT"),
                                        expectedHeaderLines: 5, bodyCount: err.jsonBody.count, label: "error answer")
            case .expectContinue(let head):
                if head.version != .http1_1 { v.append("100-continue offered to \(head.version)") }
                if !HTTPHeaders.equalsIgnoringCase(head.headers["Expect"]?.trimmingSpaces ?? "", "100-continue") {
                    v.append("expectContinue without Expect: 100-continue")
                }
                pendingContinue = head
            case .request(let r):
                if let h = pendingContinue, h != r.head { v.append("the request after expectContinue has another head") }
                pendingContinue = nil
                v += requestInvariants(r, limits: limits)
            }
        }
        return v
    }

    static func requestInvariants(_ r: HTTPRequest, limits: ParserLimits) -> [String] {
        var v: [String] = []
        let h = r.head
        if h.method.isEmpty || !h.method.utf8.allSatisfy(isTokenChar) { v.append("method is not a token: \(h.method)") }
        if !(h.target.hasPrefix("/") || (h.target == "*" && h.method == "OPTIONS")) { v.append("target is not origin-form: \(h.target)") }
        if h.target.utf8.contains(where: { $0 <= 0x20 || $0 >= 0x7F }) { v.append("control, space or non-ASCII in the target") }
        if h.version != .http1_0 && h.version != .http1_1 { v.append("version \(h.version) accepted") }
        if h.headers.count > limits.maxHeaderCount { v.append("\(h.headers.count) header fields accepted") }
        for (name, value) in h.headers {
            if name.isEmpty || !name.utf8.allSatisfy(isTokenChar) { v.append("field name is not a token: \(name)") }
            if value.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) { v.append("control character in a field value") }
            if let f = value.utf8.first, f == 0x20 || f == 0x09 { v.append("leading whitespace kept in a field value") }
            if let l = value.utf8.last, l == 0x20 || l == 0x09 { v.append("trailing whitespace kept in a field value") }
        }
        for host in h.headers.values("Host") where !host.utf8.allSatisfy(isHostChar) { v.append("invalid Host accepted: \(host)") }
        let hosts = h.headers.values("Host").count
        if h.version == .http1_1 && hosts != 1 { v.append("HTTP/1.1 request with \(hosts) Host fields") }
        if hosts > 1 { v.append("more than one Host") }
        if r.body.count > limits.maxBodySize { v.append("body of \(r.body.count) bytes over the limit") }
        let te = h.headers.values("Transfer-Encoding")
        let cl = h.headers.values("Content-Length")
        if !te.isEmpty && !cl.isEmpty { v.append("Content-Length and Transfer-Encoding both accepted") }
        if !te.isEmpty && h.version != .http1_1 { v.append("Transfer-Encoding accepted on \(h.version)") }
        if let first = cl.first {
            let n = Int(first.split(separator: ",").first.map { String($0.trimmingSpaces) } ?? "")
            if n != r.body.count { v.append("body has \(r.body.count) bytes but Content-Length is \(first)") }
        } else if te.isEmpty && !r.body.isEmpty {
            v.append("a body without Content-Length or Transfer-Encoding")
        }
        // Echo every request field back as a response field: the serializer must keep one line each.
        var echo = HTTPHeaders()
        for (name, value) in h.headers { echo.add(name: "x-echo-" + name, value: value) }
        echo.add(name: "Content-Type", value: "application/octet-stream")
        let requestID = h.headers["x-request-id"] ?? ""
        let http10KeepAlive = h.version == .http1_0 && h.wantsKeepAlive
        let bytes = ResponseSerializer.serialize(HTTPResponse(status: 200, headers: echo, body: r.body), requestID: requestID,
                                                 date: "Thu, 01 Jan 1970 00:00:00 GMT", keepAlive: h.wantsKeepAlive,
                                                 http10KeepAlive: http10KeepAlive)
        // Content-Length and Date, x-request-id when there is one, Connection when it is not the default.
        let framing = 2 + (requestID.isEmpty ? 0 : 1) + (!h.wantsKeepAlive || http10KeepAlive ? 1 : 0)
        v += responseInvariants(bytes, expectedHeaderLines: echo.count + framing, bodyCount: r.body.count, label: "echo response")
        return v
    }

    /// A serialized response is a status line, exactly `expectedHeaderLines` `name: value` lines,
    /// a blank line, and a body of exactly Content-Length bytes.
    static func responseInvariants(_ bytes: [UInt8], expectedHeaderLines: Int, bodyCount: Int, label: String) -> [String] {
        var lines: [ArraySlice<UInt8>] = []
        var i = 0, lineStart = 0
        while i + 1 < bytes.count {
            if bytes[i] == 0x0D && bytes[i + 1] == 0x0A {
                lines.append(bytes[lineStart..<i])
                i += 2
                lineStart = i
                if lines.last?.isEmpty == true { break }
                continue
            }
            i += 1
        }
        guard lines.last?.isEmpty == true else { return ["\(label): no blank line after the head"] }
        var v: [String] = []
        let head = lines.dropLast()
        if head.count != 1 + expectedHeaderLines { v.append("\(label): \(head.count - 1) header lines, expected \(expectedHeaderLines)") }
        for line in head where line.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 >= 0x7F }) {
            v.append("\(label): control or non-ASCII byte in a head line")
        }
        for line in head.dropFirst() where !line.contains(UInt8(ascii: ":")) { v.append("\(label): a header line without a colon") }
        if bytes.count - lineStart != bodyCount { v.append("\(label): body of \(bytes.count - lineStart) bytes, expected \(bodyCount)") }
        return v
    }

    /// uri-host [":" port] characters (RFC 3986 §3.2.2).
    static func isHostChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return Array("-._~%!$&'()*+,;=:[]".utf8).contains(c)
        }
    }

    /// tchar (RFC 9110 §5.6.2).
    static func isTokenChar(_ c: UInt8) -> Bool {
        switch c {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return true
        default: return Array("!#$%&'*+-.^_`|~".utf8).contains(c)
        }
    }
}
