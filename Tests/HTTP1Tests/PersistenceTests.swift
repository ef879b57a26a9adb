import HTTP1
import Testing

/// RFC 9112 §9.3: persistence (keep-alive by version and Connection) and pipelining, and the
/// parser phases the server picks its timeouts from.
@Suite struct PersistenceTests {
    private func head(_ version: String, _ connection: String?) -> HTTPRequestHead? {
        let extra = connection.map { "Connection: \($0)\r\n" } ?? ""
        return Wire.request("GET / \(version)\r\nHost: h\r\n\(extra)\r\n")?.head
    }

    @Test func http11IsPersistentByDefault() { #expect(head("HTTP/1.1", nil)?.wantsKeepAlive == true) }
    @Test func http11WithConnectionCloseIsNot() { #expect(head("HTTP/1.1", "close")?.wantsKeepAlive == false) }
    @Test func http11CloseTokenInAListAndAnyCase() { #expect(head("HTTP/1.1", "Upgrade, CLOSE")?.wantsKeepAlive == false) }
    @Test func http10ClosesByDefault() { #expect(head("HTTP/1.0", nil)?.wantsKeepAlive == false) }
    @Test func http10WithKeepAliveIsPersistent() { #expect(head("HTTP/1.0", "keep-alive")?.wantsKeepAlive == true) }
    @Test func http10KeepAliveTokenInAList() { #expect(head("HTTP/1.0", "foo , Keep-Alive")?.wantsKeepAlive == true) }
    @Test func http11KeepAliveTokenChangesNothing() { #expect(head("HTTP/1.1", "keep-alive")?.wantsKeepAlive == true) }

    @Test func pipelinedRequestsInOneBufferAreParsedInOrder() {
        let text = Wire.get("/1") + Wire.post(["Content-Length: 3"], body: "abc") + Wire.get("/3", headers: ["Connection: close"])
        let rs = Wire.requests(text)
        #expect(rs.map(\.head.target) == ["/1", "/upload", "/3"])
        #expect(rs[1].body == Array("abc".utf8))
        #expect(rs.map(\.head.wantsKeepAlive) == [true, true, false])
    }

    @Test func errorAfterGoodPipelinedRequestsStopsThere() {
        let text = Wire.get("/1") + "BROKEN\r\n\r\n" + Wire.get("/3")
        let ev = Wire.events(text)
        #expect(ev.count == 2)
        #expect(ev.first.map { if case .request(let r) = $0 { r.head.target == "/1" } else { false } } == true)
        #expect(ev.last.map { if case .error(let e) = $0 { e.status == 400 } else { false } } == true)
    }

    @Test func failedParserStaysFailed() {
        var p = RequestParser()
        p.append(Array("GET / HTTP/9.9\r\n\r\n".utf8))
        #expect(p.next().map { if case .error = $0 { true } else { false } } == true)
        #expect(p.phase == .failed)
        p.append(Array(Wire.get().utf8))
        #expect(p.next() == nil)
        #expect(p.phase == .failed)
    }

    @Test func phaseFollowsTheRequest() {
        var p = RequestParser()
        #expect(p.phase == .idle)
        p.append(Array("GE".utf8))
        #expect(p.next() == nil)
        #expect(p.phase == .head)
        p.append(Array("T / HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\n".utf8))
        #expect(p.next() == nil)
        #expect(p.phase == .body)
        p.append(Array("ok".utf8))
        #expect(p.next() != nil)
        #expect(p.phase == .idle)
        #expect(p.bufferedByteCount == 0)
    }

    @Test func manyPipelinedRequestsStayLinear() {
        // 20,000 requests in one buffer and then in 1 KiB reads: every one parsed, in order.
        let one = Wire.get("/r")
        let text = String(repeating: one, count: 20_000)
        #expect(Wire.requests(text).count == 20_000)
        #expect(Wire.requests(text, pieceSize: 1024).count == 20_000)
    }
}
