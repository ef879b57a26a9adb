import HTTP1
import Testing

/// RFC 9112 §7.1: the chunked transfer coding. Extensions and trailers are parsed for
/// well-formedness and ignored.
@Suite struct ChunkedBodyTests {
    private func chunked(_ body: String) -> String { Wire.post(["Transfer-Encoding: chunked"], body: body) }

    @Test func chunkedBodyIsDechunked() throws {
        let r = try #require(Wire.request(chunked("5\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\n\r\n")))
        #expect(r.body == Array("hello world".utf8))
    }

    @Test func hexChunkSizesInEitherCase() throws {
        let data = String(repeating: "x", count: 26)
        let a = try #require(Wire.request(chunked("1a\r\n\(data)\r\n0\r\n\r\n")))
        let b = try #require(Wire.request(chunked("1A\r\n\(data)\r\n000\r\n\r\n")))
        #expect(a.body.count == 26)
        #expect(b.body == a.body)
    }

    @Test func emptyChunkedBody() throws {
        let r = try #require(Wire.request(chunked("0\r\n\r\n")))
        #expect(r.body.isEmpty)
    }

    @Test func chunkExtensionsAreIgnored() throws {
        let r = try #require(Wire.request(chunked("5;name=value;flag\r\nhello\r\n0;last=\"yes\"\r\n\r\n")))
        #expect(r.body == Array("hello".utf8))
    }

    @Test func whitespaceBeforeAChunkExtensionIsAccepted() throws {
        // RFC 9112 §7.1.1: BWS before ';'.
        let r = try #require(Wire.request(chunked("5 ;ext\r\nhello\r\n0\r\n\r\n")))
        #expect(r.body == Array("hello".utf8))
    }

    @Test func trailersAreIgnored() throws {
        let r = try #require(Wire.request(chunked("5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n")))
        #expect(r.body == Array("hello".utf8))
        #expect(r.headers["X-Checksum"] == nil)
    }

    @Test func malformedTrailerIs400() {
        #expect(Wire.status(chunked("5\r\nhello\r\n0\r\nBad Trailer: 1\r\n\r\n")) == 400)
        #expect(Wire.status(chunked("5\r\nhello\r\n0\r\nX-T: a\u{01}b\r\n\r\n")) == 400)
    }

    @Test func tooManyTrailersAre431() {
        let limits = ParserLimits(maxHeaderCount: 3)
        let trailers = (0..<5).map { "X-T\($0): v\r\n" }.joined()
        #expect(Wire.status(chunked("0\r\n" + trailers + "\r\n"), limits: limits) == 431)
    }

    @Test func nonHexChunkSizeIs400() {
        let e = Wire.error(chunked("g\r\nhello\r\n0\r\n\r\n"))
        #expect(e?.status == 400)
        #expect(e?.code == "bad_chunk_size")
    }

    @Test(arguments: ["", "-5", "+5", "0x5", "5x", " 5", "5 5", "\u{01}"])
    func malformedChunkSizeIs400(_ size: String) {
        #expect(Wire.status(chunked("\(size)\r\nhello\r\n0\r\n\r\n")) == 400, "chunk size \(size)")
    }

    @Test func chunkSizeThatWouldOverflowIs400() {
        #expect(Wire.status(chunked("10000000000000000\r\nx\r\n")) == 400)
        #expect(Wire.status(chunked("ffffffffffffffffffff\r\nx\r\n")) == 400)
    }

    @Test func controlCharacterInChunkExtensionIs400() {
        #expect(Wire.status(chunked("5;a=\u{01}\r\nhello\r\n0\r\n\r\n")) == 400)
    }

    @Test func chunkDataNotFollowedByCRLFIs400() {
        let e = Wire.error(chunked("5\r\nhelloXX0\r\n\r\n"))
        #expect(e?.status == 400)
        #expect(e?.code == "bad_chunk")
    }

    @Test func overlongChunkSizeLineIs400() {
        #expect(Wire.status(chunked("5;" + String(repeating: "e", count: 5000) + "\r\nhello\r\n0\r\n\r\n")) == 400)
    }

    @Test func chunkedBodyOverTheLimitIs413() {
        let limits = ParserLimits(maxBodySize: 8)
        let e = Wire.error(chunked("5\r\nhello\r\n5\r\nworld\r\n0\r\n\r\n"), limits: limits)
        #expect(e?.status == 413)
    }

    @Test func chunkedBodyOverTheLimitIs413BeforeTheChunkArrives() {
        // The chunk-size line announces too much; refuse before reading the chunk.
        let limits = ParserLimits(maxBodySize: 8)
        let ev = Wire.events(chunked("ffff\r\n"), limits: limits)
        guard case .error(let e)? = ev.last else {
            Issue.record("expected 413, got \(ev)")
            return
        }
        #expect(e.status == 413)
    }

    @Test func chunkedRequestFollowedByAnother() {
        let rs = Wire.requests(chunked("3\r\nabc\r\n0\r\n\r\n") + Wire.get("/second"))
        #expect(rs.count == 2)
        #expect(rs[0].body == Array("abc".utf8))
        #expect(rs[1].head.target == "/second")
    }

    @Test func chunkedBodyLooksLikeAChunkBoundaryInsideData() throws {
        // Data bytes are data, even when they look like "0\r\n\r\n".
        let r = try #require(Wire.request(chunked("7\r\n0\r\n\r\nab\r\n0\r\n\r\n")))
        #expect(r.body == Array("0\r\n\r\nab".utf8))
    }
}
