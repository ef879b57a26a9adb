import HTTP1
import Testing

/// Byte-exact transcripts: what a client receives for a pipelined conversation and for each
/// refused request, with the Date and request ids fixed. Any change to framing shows up here.
@Suite struct GoldenTranscriptTests {
    static let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    /// A response as it appears on the wire: head lines, blank line, body.
    private static func wire(_ lines: [String], body: String = "") -> String {
        lines.map { $0 + "\r\n" }.joined() + "\r\n" + body
    }

    /// The server's loop in miniature: parse, answer each request in order with the status and a
    /// JSON echo, keep-alive by RFC 9112 §9.3, request id from the client or numbered.
    private static func converse(_ input: String, limits: ParserLimits = ParserLimits()) -> String {
        var parser = RequestParser(limits: limits)
        parser.append(Array(input.utf8))
        var out: [UInt8] = []
        var n = 0
        while let event = parser.next() {
            n += 1
            let id = "req-\(n)"
            switch event {
            case .expectContinue:
                out += ResponseSerializer.continueBytes
            case .error(let e):
                out += ResponseSerializer.serialize(e, requestID: id, date: date)
            case .request(let r):
                let body = #"{"method":"\#(r.method)","target":"\#(r.head.target)","body":\#(r.body.count)}"#
                let resp = HTTPResponse.json(r.method == "POST" ? 201 : 200, body)
                out += ResponseSerializer.serialize(resp, requestID: r.headers["x-request-id"] ?? id, date: date,
                                                    keepAlive: r.head.wantsKeepAlive,
                                                    http10KeepAlive: r.head.version == .http1_0 && r.head.wantsKeepAlive,
                                                    headOnly: r.method == "HEAD")
                if !r.head.wantsKeepAlive { return String(decoding: out, as: UTF8.self) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func pipelinedConversation() {
        let input = "GET /1 HTTP/1.1\r\nHost: h\r\nX-Request-Id: client-abc\r\n\r\n"
            + "HEAD /2 HTTP/1.1\r\nHost: h\r\n\r\n"
            + "POST /3 HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello"
            + "GET /4 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"
            + "GET /never-answered HTTP/1.1\r\nHost: h\r\n\r\n"
        let expected = Self.wire(["HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Length: 39",
                                  "Date: \(Self.date)", "x-request-id: client-abc"],
                                 body: #"{"method":"GET","target":"/1","body":0}"#)
            + Self.wire(["HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Length: 40",
                         "Date: \(Self.date)", "x-request-id: req-2"])
            + Self.wire(["HTTP/1.1 201 Created", "Content-Type: application/json", "Content-Length: 40",
                         "Date: \(Self.date)", "x-request-id: req-3"],
                        body: #"{"method":"POST","target":"/3","body":5}"#)
            + Self.wire(["HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Length: 39",
                         "Date: \(Self.date)", "x-request-id: req-4", "Connection: close"],
                        body: #"{"method":"GET","target":"/4","body":0}"#)
        #expect(Self.converse(input) == expected)
    }

    @Test func http10KeepAliveConversation() {
        let input = "GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n"
        let expected = Self.wire(["HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Length: 39",
                                  "Date: \(Self.date)", "x-request-id: req-1", "Connection: keep-alive"],
                                 body: #"{"method":"GET","target":"/a","body":0}"#)
            + Self.wire(["HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Length: 39",
                         "Date: \(Self.date)", "x-request-id: req-2", "Connection: close"],
                        body: #"{"method":"GET","target":"/b","body":0}"#)
        #expect(Self.converse(input) == expected)
    }

    @Test func expectContinueConversation() {
        var parser = RequestParser()
        parser.append(Array("PUT /x HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(parser.next()?.isExpectContinue == true)
        #expect(String(decoding: ResponseSerializer.continueBytes, as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
    }

    /// Each refused request: the exact bytes, ending with Connection: close and the JSON body.
    @Test(arguments: [
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n", 400, "Bad Request",
         #"{"error":"cl_and_te","message":"Content-Length and Transfer-Encoding together"}"#),
        ("GET / HTTP/1.1\r\n\r\n", 400, "Bad Request",
         #"{"error":"missing_host","message":"HTTP/1.1 requests must have a Host header"}"#),
        ("GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n", 400, "Bad Request",
         #"{"error":"obs_fold","message":"Obsolete line folding is not accepted"}"#),
        ("GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505, "HTTP Version Not Supported",
         #"{"error":"version_not_supported","message":"Only HTTP/1.x is supported"}"#),
        ("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n", 501, "Not Implemented",
         #"{"error":"unsupported_transfer_coding","message":"Only the chunked transfer coding is supported"}"#),
        ("GET /" + String(repeating: "a", count: 40) + " HTTP/1.1\r\n", 414, "URI Too Long",
         #"{"error":"uri_too_long","message":"The request line is too long"}"#),
        ("GET / HTTP/1.1\r\nHost: h\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 431, "Request Header Fields Too Large",
         #"{"error":"too_many_headers","message":"More than 3 header fields"}"#),
        ("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\n", 413, "Content Too Large",
         #"{"error":"body_too_large","message":"The request body is larger than 4 bytes"}"#),
        ("POST / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\n\r\n", 417, "Expectation Failed",
         #"{"error":"expectation_failed","message":"Only Expect: 100-continue is supported"}"#),
    ])
    func errorAnswer(_ input: String, _ status: Int, _ reason: String, _ body: String) {
        let limits = ParserLimits(maxRequestLine: 32, maxHeaderCount: 3, maxBodySize: 4)
        let expected = Self.wire(["HTTP/1.1 \(status) \(reason)", "Content-Type: application/json",
                                  "Content-Length: \(body.utf8.count)", "Date: \(Self.date)", "x-request-id: req-1",
                                  "Connection: close"], body: body)
        #expect(Self.converse(input, limits: limits) == expected)
    }

    @Test func errorAfterAGoodRequestIsAnsweredInOrderThenStops() {
        let input = "GET /ok HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nContent-Length : 1\r\n\r\nx"
        let expected = Self.wire(["HTTP/1.1 200 OK", "Content-Type: application/json", "Content-Length: 40",
                                  "Date: \(Self.date)", "x-request-id: req-1"],
                                 body: #"{"method":"GET","target":"/ok","body":0}"#)
            + Self.wire(["HTTP/1.1 400 Bad Request", "Content-Type: application/json", "Content-Length: 88",
                         "Date: \(Self.date)", "x-request-id: req-2", "Connection: close"],
                        body: #"{"error":"space_before_colon","message":"Whitespace between a field name and the colon"}"#)
        #expect(Self.converse(input) == expected)
    }
}
