import HTTP1
import Testing
@testable import Server

/// RFC 9112 §9.3.2: a client may pipeline; the server answers in the order the requests came.
@Suite struct PipeliningTests {
    @Test func pipelinedRequestsInOneWriteAreAnsweredInOrder() {
        let h = Harness()
        h.connect()
        h.send(get("/a", ["x-request-id: first"]) + get("/size/3", ["x-request-id: second"])
               + get("/c", ["x-request-id: third"]))
        let rs = h.responses()
        #expect(rs.map { $0.header("x-request-id") } == ["first", "second", "third"])
        #expect(rs.map(\.status) == [200, 200, 200])
        #expect(rs[1].body.count == 3)
        #expect(h.isOpen())
    }

    @Test func aResponseStillOwedHoldsBackTheRequestsAfterIt() {
        let h = Harness()
        h.connect()
        h.send(get("/hold", ["x-request-id: first"]) + get("/b", ["x-request-id: second"])
               + get("/c", ["x-request-id: third"]))
        #expect(h.responses().isEmpty)
        #expect(h.handler.requestCount == 1, "the later requests wait, unparsed, for the first answer")
        h.handler.releaseOne()
        h.pump()
        #expect(h.responses().map { $0.header("x-request-id") } == ["first", "second", "third"])
        #expect(h.handler.requestCount == 3)
    }

    @Test func anAnswerFromAnotherThreadIsHandedToTheLoop() {
        let h = Harness()
        h.connect()
        h.send(get("/hold"))
        h.backend.callerIsLoop.store(false, ordering: .relaxed)  // as the store's writer queue would
        h.handler.releaseOne()
        #expect(h.responses().isEmpty, "not written off the loop")
        #expect(h.backend.pending.withLock { $0.count } == 1)
        h.backend.callerIsLoop.store(true, ordering: .relaxed)
        h.pump()
        #expect(h.responses().map(\.status) == [200])
    }

    @Test func aRequestSplitAcrossReadsIsOneRequest() {
        let h = Harness()
        h.connect()
        for piece in ["GET /a HT", "TP/1.1\r\nHo", "st: t\r\n", "\r\n"] { h.send(piece) }
        #expect(h.responses().map(\.status) == [200])
        #expect(h.handler.requestCount == 1)
    }

    @Test func aClientThatHalfClosesGetsEveryAnswerThenTheClose() {
        // The client sends its requests and shuts down its side; each is still answered.
        let h = Harness()
        h.connect()
        h.sockets.update(7) {
            $0.inbound = Array((get("/a") + get("/size/10") + get("/c")).utf8)
            $0.inboundEOF = true
        }
        h.pump()
        #expect(h.responses().map(\.status) == [200, 200, 200])
        #expect(!h.isOpen())
        #expect(h.socketClosed())
    }

    @Test func connectionCloseIsHonouredAfterTheAnswer() {
        // RFC 9112 §9.6: the server closes after answering a request with Connection: close.
        let h = Harness()
        h.connect()
        h.send(get("/a", ["Connection: close"]))
        let rs = h.responses()
        #expect(rs.first?.header("Connection") == "close")
        #expect(h.socketClosed())
    }
}
