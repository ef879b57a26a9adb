import HTTP1
import Testing
@testable import Server

/// The 250 ms sweep, driven by a hand-set clock: header, body-idle, body, keep-alive, write
/// and linger timeouts.
@Suite struct TimeoutTests {
    @Test func aHeaderNotCompleteInTimeGets408ThenALingeringClose() {
        let h = Harness { $0.headerTimeoutMillis = 1000 }
        h.connect()
        h.send("GET / HTTP/1.1\r\nHost: t\r\n")
        h.elapse(millis: 750)
        #expect(h.responses().isEmpty)
        h.elapse(millis: 500)
        let rs = h.responses()
        #expect(rs.map(\.status) == [408])
        #expect(rs.first?.header("Connection") == "close")
        #expect(rs.first?.bodyText.contains("request_timeout") == true)
        // Lingering: our side is shut down, what the client still sends is discarded, and the
        // connection closes when the client does or after the linger time.
        #expect(h.sockets.peer(7).writeShutdown)
        #expect(h.isOpen())
        h.send("X-More: 1\r\n")
        #expect(h.isOpen())
        h.elapse(millis: Connection.lingerMillis + 250)
        #expect(h.socketClosed())
    }

    @Test func lingeringEndsAsSoonAsTheClientCloses() {
        let h = Harness { $0.headerTimeoutMillis = 1000 }
        h.connect()
        h.send("GET / HTTP/1.1\r\n")
        h.elapse(millis: 1250)
        #expect(h.responses().map(\.status) == [408])
        h.clientHalfCloses()
        #expect(h.socketClosed())
    }

    @Test func theHeaderTimeoutCountsFromTheFirstByteNotEachByte() {
        let h = Harness { $0.headerTimeoutMillis = 1000 }
        h.connect()
        for ch in "GET / HTTP/1.1\r\nX-Slow: aaaa" {
            h.send(String(ch))
            h.advance(millis: 100)
        }
        #expect(h.responses().map(\.status) == [408])
    }

    @Test func aStalledBodyGets408() {
        let h = Harness { $0.bodyIdleTimeoutMillis = 1000 }
        h.connect()
        h.send("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc")
        h.elapse(millis: 750)
        #expect(h.responses().isEmpty)
        h.elapse(millis: 500)
        let rs = h.responses()
        #expect(rs.map(\.status) == [408])
        #expect(rs.first?.bodyText.contains("stalled") == true)
    }

    @Test func aBodyThatTricklesPastTheBodyDeadlineGets408() {
        // One byte every 500 ms never trips the 1 s idle timeout, but the 3 s deadline ends it.
        let h = Harness {
            $0.bodyIdleTimeoutMillis = 1000
            $0.bodyTimeoutMillis = 3000
        }
        h.connect()
        h.send("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n")
        var answered: [WireResponse] = []
        var elapsed: Int64 = 0
        while answered.isEmpty && elapsed < 10_000 {
            h.send("x")
            h.elapse(millis: 500)
            elapsed += 500
            answered = h.responses()
        }
        #expect(answered.map(\.status) == [408])
        #expect(answered.first?.bodyText.contains("not received in time") == true)
        #expect(elapsed > 3000 && elapsed <= 3500)
    }

    @Test func aBodyThatArrivesWithinTheDeadlineIsServed() {
        let h = Harness {
            $0.bodyIdleTimeoutMillis = 1000
            $0.bodyTimeoutMillis = 3000
        }
        h.connect()
        h.send("POST /x HTTP/1.1\r\nHost: t\r\nContent-Length: 4\r\n\r\n")
        for ch in "abcd" {
            h.elapse(millis: 500)
            h.send(String(ch))
        }
        #expect(h.responses().map(\.status) == [200])
    }

    @Test func anIdleKeepAliveConnectionIsClosed() {
        let h = Harness { $0.keepAliveTimeoutMillis = 1000 }
        h.connect()
        h.send(get())
        #expect(h.responses().map(\.status) == [200])
        h.elapse(millis: 750)
        #expect(h.isOpen())
        h.elapse(millis: 500)
        #expect(h.socketClosed())
        #expect(!h.sockets.peer(7).writeShutdown, "an idle close is a plain close, no answer, no linger")
    }

    @Test func aClientThatReadsNothingIsClosedAfterTheWriteTimeout() {
        let h = Harness { $0.writeTimeoutMillis = 1000 }
        h.connect()
        h.clientReads(0)
        h.send(get("/size/100000"))
        h.elapse(millis: 750)
        #expect(h.isOpen())
        h.elapse(millis: 500)
        #expect(h.socketClosed())
    }

    @Test func theWriteTimeoutIsMeasuredBetweenWrites() {
        // A slow reader that keeps taking bytes is not cut off however long the answer takes.
        let h = Harness { $0.writeTimeoutMillis = 1000 }
        h.connect()
        h.clientReads(0)
        h.send(get("/size/100000"))
        for _ in 0..<8 {
            h.elapse(millis: 750)
            h.clientReads(1000)
        }
        #expect(h.isOpen())
        h.clientReads(0)
        h.elapse(millis: 1250)
        #expect(h.socketClosed())
    }

    @Test func aRequestWeHeldBackGetsAFreshHeaderClock() {
        // The next request's head arrived while the first was in flight: the wait was ours,
        // so its header timeout starts when we turn to it.
        let h = Harness { $0.headerTimeoutMillis = 1000 }
        h.connect()
        h.send(get("/hold") + "GET / HTTP/1.1\r\n")
        h.elapse(millis: 5000)
        #expect(h.responses().isEmpty)
        h.handler.releaseOne()
        h.pump()
        #expect(h.responses().map(\.status) == [200])
        h.elapse(millis: 750)
        #expect(h.responses().isEmpty)
        h.elapse(millis: 500)
        #expect(h.responses().map(\.status) == [408])
    }

    @Test func noTimeoutWhileARequestIsInFlight() {
        let h = Harness { $0.headerTimeoutMillis = 1000; $0.keepAliveTimeoutMillis = 1000 }
        h.connect()
        h.send(get("/hold"))
        h.elapse(millis: 5000)
        #expect(h.isOpen())
        h.handler.releaseOne()
        h.pump()
        #expect(h.responses().map(\.status) == [200])
    }
}
