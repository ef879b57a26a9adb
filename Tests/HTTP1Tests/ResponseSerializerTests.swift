import HTTP1
import Testing

/// RFC 9112 §4 and RFC 9110 §6.6.1, §8.6, §15: what the serializer owns and what it refuses to write.
@Suite struct ResponseSerializerTests {
    private let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    private func text(_ r: HTTPResponse, id: String = "rid", keepAlive: Bool = true, http10KeepAlive: Bool = false,
                      headOnly: Bool = false) -> String {
        String(decoding: ResponseSerializer.serialize(r, requestID: id, date: date, keepAlive: keepAlive,
                                                      http10KeepAlive: http10KeepAlive, headOnly: headOnly), as: UTF8.self)
    }

    @Test func jsonResponseBytes() {
        #expect(text(.json(200, #"{"ok":true}"#)) ==
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nDate: \(date)\r\nx-request-id: rid\r\n\r\n{\"ok\":true}")
    }

    @Test func handlerCannotOverrideFramingHeaders() {
        var h = HTTPHeaders()
        h.add(name: "content-length", value: "999")
        h.add(name: "Transfer-Encoding", value: "chunked")
        h.add(name: "Connection", value: "keep-alive")
        h.add(name: "DATE", value: "yesterday")
        h.add(name: "X-Request-ID", value: "forged")
        h.add(name: "X-Kept", value: "1")
        let t = text(HTTPResponse(status: 200, headers: h, body: Array("abc".utf8)), keepAlive: false)
        #expect(t == "HTTP/1.1 200 OK\r\nX-Kept: 1\r\nContent-Length: 3\r\nDate: \(date)\r\nx-request-id: rid\r\nConnection: close\r\n\r\nabc")
    }

    @Test func headerValuesCannotSplitTheResponse() {
        // CR, LF and other controls are dropped from names and values: no header injection.
        var h = HTTPHeaders()
        h.add(name: "X-Evil", value: "a\r\nSet-Cookie: pwned=1\r\n\r\n<html>")
        h.add(name: "X-Bad\r\nName", value: "v")
        let t = text(HTTPResponse(status: 200, headers: h), id: "id\r\nX-Injected: 1")
        #expect(t == "HTTP/1.1 200 OK\r\nX-Evil: aSet-Cookie: pwned=1<html>\r\nX-BadName: v\r\nContent-Length: 0\r\nDate: \(date)\r\nx-request-id: idX-Injected: 1\r\n\r\n")
    }

    @Test func nonASCIIHeaderValueBytesAreDropped() {
        var h = HTTPHeaders()
        h.add(name: "X-Name", value: "caf\u{E9}")
        #expect(text(HTTPResponse(status: 200, headers: h)).contains("X-Name: caf\r\n"))
    }

    @Test func headKeepsContentLengthButSendsNoBody() {
        // RFC 9110 §9.3.2: HEAD gets the same header fields as GET, without content.
        let get = text(.json(200, #"{"a":1}"#))
        let head = text(.json(200, #"{"a":1}"#), headOnly: true)
        #expect(get.hasPrefix(head))
        #expect(head.hasSuffix("Content-Length: 7\r\nDate: \(date)\r\nx-request-id: rid\r\n\r\n"))
    }

    @Test(arguments: [204, 304])
    func noContentStatusesHaveNoLengthAndNoBody(_ status: Int) {
        let t = text(HTTPResponse(status: status, body: Array("ignored".utf8)))
        #expect(!t.contains("Content-Length"))
        #expect(t.hasSuffix("\r\n\r\n"))
    }

    @Test func continueIsExact() {
        #expect(ResponseSerializer.continueBytes == Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
    }

    @Test func http10KeepAliveSaysSo() {
        #expect(text(.json(200, "{}"), http10KeepAlive: true).contains("\r\nConnection: keep-alive\r\n"))
        #expect(!text(.json(200, "{}")).contains("Connection:"))
    }

    @Test func emptyRequestIDWritesNoHeader() {
        #expect(!text(.json(200, "{}"), id: "").contains("x-request-id"))
    }

    @Test(arguments: [(200, "OK"), (201, "Created"), (404, "Not Found"), (405, "Method Not Allowed"), (408, "Request Timeout"),
                      (413, "Content Too Large"), (422, "Unprocessable Content"), (429, "Too Many Requests"),
                      (503, "Service Unavailable"), (299, "Status 299")])
    func statusLineReason(_ status: Int, _ reason: String) {
        #expect(text(HTTPResponse(status: status)).hasPrefix("HTTP/1.1 \(status) \(reason)\r\n"))
    }

    @Test(arguments: [0, 42, 1000, -1])
    func outOfRangeStatusIsWrittenAs500(_ status: Int) {
        #expect(text(HTTPResponse(status: status)).hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
    }

    @Test func largeBodyLength() {
        let body = [UInt8](repeating: 0x61, count: 1_234_567)
        let bytes = ResponseSerializer.serialize(HTTPResponse(status: 200, body: body), requestID: "", date: date, keepAlive: true)
        #expect(String(decoding: bytes.prefix(80), as: UTF8.self).contains("Content-Length: 1234567\r\n"))
        #expect(bytes.count == "HTTP/1.1 200 OK\r\nContent-Length: 1234567\r\nDate: \(date)\r\n\r\n".utf8.count + body.count)
    }

    @Test func parseErrorBodyIsValidJSONWithoutQuotesFromTheMessage() {
        let e = HTTPParseError(400, "bad", "say \"hi\" \\ now\u{01}")
        #expect(String(decoding: e.jsonBody, as: UTF8.self) == #"{"error":"bad","message":"say hi  now"}"#)
    }
}
