/// Turns a response into the exact bytes to send: status line, the handler's headers, then the
/// framing headers the server owns, the blank line and the body, in ONE buffer, so that the
/// server can send it with one `send(2)` (two small writes without TCP_NODELAY cost FlyingFox
/// ~44 ms per keep-alive request).
public enum ResponseSerializer {
    /// Header names the server sets itself; a handler's own values for them are dropped.
    static let owned: [String] = ["content-length", "connection", "date", "transfer-encoding", "x-request-id"]

    public static func serialize(_ response: HTTPResponse, requestID: String, date: String, keepAlive: Bool,
                                 http10KeepAlive: Bool = false, headOnly: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(160 + response.headers.count * 40 + (headOnly ? 0 : response.body.count))
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        // A status outside 100...999 cannot be written; it goes out as 500 with 500's reason.
        let status = (100...999).contains(response.status) ? response.status : 500
        appendStatus(status, to: &out)
        out.append(0x20)
        out.append(contentsOf: HTTPStatus.reason(status).utf8)
        out.append(contentsOf: [0x0D, 0x0A])
        for (name, value) in response.headers where !isOwned(name) {
            appendHeader(name, value, to: &out)
        }
        // 1xx, 204 and 304 carry no body and no Content-Length (RFC 9110 §8.6).
        let bodyless = status < 200 || status == 204 || status == 304
        if !bodyless {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        appendHeader("Date", date, to: &out)
        if !requestID.isEmpty { appendHeader("x-request-id", requestID, to: &out) }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        } else if http10KeepAlive {
            out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        out.append(contentsOf: [0x0D, 0x0A])
        if !bodyless && !headOnly { out.append(contentsOf: response.body) }
        return out
    }

    /// The bytes of an interim `100 Continue`.
    public static let continueBytes: [UInt8] = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// The answer to a refused request: its status, a short JSON body, `Connection: close`.
    public static func serialize(_ error: HTTPParseError, requestID: String, date: String) -> [UInt8] {
        var h = HTTPHeaders()
        h.add(name: "Content-Type", value: "application/json")
        return serialize(HTTPResponse(status: error.status, headers: h, body: error.jsonBody), requestID: requestID,
                         date: date, keepAlive: false)
    }

    private static func isOwned(_ name: String) -> Bool {
        owned.contains { HTTPHeaders.equalsIgnoringCase($0, name) }
    }

    /// Header values are written as ASCII with CR, LF and other controls removed, so a handler
    /// can never split a response (and non-ASCII cannot crash a client, as in Prism's case).
    /// Clean names and values (all of them, in practice) go in with one copy each; only one
    /// holding a byte to drop is filtered byte by byte (which cost about 1,300 instructions a
    /// header, callgrind).
    private static func appendHeader(_ name: String, _ value: String, to out: inout [UInt8]) {
        if name.utf8.allSatisfy(isNameByte) { out.append(contentsOf: name.utf8) } else {
            for c in name.utf8 where isNameByte(c) { out.append(c) }
        }
        out.append(contentsOf: [UInt8(ascii: ":"), 0x20])
        if value.utf8.allSatisfy(isValueByte) { out.append(contentsOf: value.utf8) } else {
            for c in value.utf8 where isValueByte(c) { out.append(c) }
        }
        out.append(contentsOf: [0x0D, 0x0A])
    }

    @inline(__always) private static func isNameByte(_ c: UInt8) -> Bool { c > 0x20 && c < 0x7F && c != UInt8(ascii: ":") }
    @inline(__always) private static func isValueByte(_ c: UInt8) -> Bool { (c >= 0x20 && c < 0x7F) || c == 0x09 }

    private static func appendStatus(_ s: Int, to out: inout [UInt8]) {
        let v = (100...999).contains(s) ? s : 500
        out.append(UInt8(v / 100) + 0x30)
        out.append(UInt8(v / 10 % 10) + 0x30)
        out.append(UInt8(v % 10) + 0x30)
    }

    static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        if n == 0 { out.append(0x30); return }
        var digits: [UInt8] = []
        var v = n
        while v > 0 { digits.append(UInt8(v % 10) + 0x30); v /= 10 }
        out.append(contentsOf: digits.reversed())
    }
}
