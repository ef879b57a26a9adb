import HTTP1
import Testing
@testable import Server

/// Unsent response bytes are bounded per connection and per process; parsing stops when they
/// are over, resumes when the client reads, and no request that was received is dropped.
@Suite struct BackpressureTests {
    /// Issue 13's first repro: two pipelined ~300 KB answers. The second request used to sit
    /// unparsed after the first answer drained, until the header timeout sent a 408.
    @Test func twoLargePipelinedAnswersBothArriveWhenTheClientReads() {
        let h = Harness()
        h.connect()
        h.clientReads(0)
        h.send(get("/size/300000") + get("/size/300000"))
        #expect(h.handler.requestCount == 1, "300 KB unsent is over the 256 KiB cap: the second request waits")
        // Well past the header timeout: held back by us, the waiting request is not timed out.
        h.elapse(millis: 11_000)
        h.clientReads(nil)
        let rs = h.responses()
        #expect(rs.map(\.status) == [200, 200])
        #expect(rs.map(\.body.count) == [300_000, 300_000])
        #expect(h.handler.requestCount == 2)
        #expect(h.isOpen())
    }

    /// Issue 13's second repro: 3,000 pipelined requests in one write, read in small pieces.
    @Test func threeThousandPipelinedRequestsAreAllAnsweredInOrder() {
        let h = Harness { $0.maxUnsentBytesPerConnection = 16 * 1024 }
        h.connect()
        h.clientReads(0)
        h.send((0..<3000).map { get("/", ["x-request-id: r\($0)"]) }.joined())
        var got: [WireResponse] = []
        for _ in 0..<10_000 where got.count < 3000 {
            h.clientReads(8 * 1024)
            got += h.responses()
        }
        #expect(got.count == 3000)
        let outOfOrder = zip(got, 0..<3000).first { $0.0.header("x-request-id") != "r\($0.1)" }
        #expect(outOfOrder == nil, "first out of order: \(String(describing: outOfOrder?.1))")
        #expect(h.isOpen())
    }

    @Test func readingPausesWhileParsingIsHeldBackAndResumesAfter() {
        // Read-ahead while held back is one head (request line + header bytes), here 2 KiB.
        let h = Harness {
            $0.maxUnsentBytesPerConnection = 1000
            $0.maxRequestLine = 1024
            $0.maxHeaderBytes = 1024
        }
        h.connect()
        h.clientReads(0)
        let requests = [get("/size/2000")] + (0..<200).map { get("/", ["x-request-id: q\($0)"]) }
        h.send(requests.joined())
        #expect(h.handler.requestCount == 1)
        #expect(h.backend.interest(7) == .writable, "not reading while 2 KiB or more wait unparsed")
        h.clientReads(nil)
        let rs = h.responses()
        #expect(rs.count == 201)
        #expect(zip(rs.dropFirst(), 0..<200).allSatisfy { $0.0.header("x-request-id") == "q\($0.1)" })
        #expect(h.backend.interest(7) == .readable)
    }

    @Test func overTheProcessCapOnlyConnectionsHoldingUnsentBytesWait() {
        let h = Harness {
            $0.maxUnsentBytes = 100_000
            $0.maxUnsentBytesPerConnection = 1_000_000
        }
        // Client 7 does not read: two answers fit (the process total is checked before each).
        h.connect(7)
        h.clientReads(0, on: 7)
        h.send(get("/size/80000") + get("/size/80000") + get("/size/80000"), on: 7)
        #expect(h.handler.requestCount == 2)
        #expect(h.context.unsentBytes > 160_000)

        // A reading client is served: with nothing queued, one more answer is always allowed.
        h.connect(8)
        h.send(get("/size/50000") + get("/size/50000"), on: 8)
        #expect(h.responses(8).map(\.body.count) == [50_000, 50_000])

        // Another client that does not read gets one answer, then waits for the total to drop.
        h.connect(9)
        h.clientReads(0, on: 9)
        h.send(get("/size/10", ["x-request-id: nine-a"]) + get("/size/10", ["x-request-id: nine-b"]), on: 9)
        #expect(h.handler.requestCount == 5)

        // Client 7 reads: its third request is served; then client 9 reads and gets both.
        h.clientReads(nil, on: 7)
        #expect(h.responses(7).map(\.body.count) == [80_000, 80_000, 80_000])
        h.clientReads(nil, on: 9)
        #expect(h.responses(9).map { $0.header("x-request-id") } == ["nine-a", "nine-b"])
        #expect(h.context.unsentBytes == 0)
    }

    @Test func aClosedConnectionGivesBackItsUnsentBytes() {
        let h = Harness { $0.writeTimeoutMillis = 1000 }
        h.connect()
        h.clientReads(0)
        h.send(get("/size/500000"))
        #expect(h.context.unsentBytes > 500_000)
        h.elapse(millis: 1500)
        #expect(h.socketClosed())
        #expect(h.context.unsentBytes == 0)
    }

    @Test func aLargeSentPrefixIsDroppedFromTheQueue() {
        // Steady pipelining that never drains the queue completely keeps only what is unsent.
        let h = Harness { $0.maxUnsentBytesPerConnection = 200_000 }
        h.connect()
        h.clientReads(0)
        h.send(get("/size/150000") + get("/size/150000") + get("/size/150000"))
        for _ in 0..<20 { h.clientReads(40_000) }
        h.clientReads(nil)
        #expect(h.responses().map(\.body.count) == [150_000, 150_000, 150_000])
    }
}
