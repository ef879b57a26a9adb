import HTTP1
import Testing
@testable import Server

/// Past --max-connections: the admin reserve serves only /_polytask/; past the reserve every
/// connection is answered 503 at once. Out of descriptors, the acceptor never spins.
@Suite struct AdmissionTests {
    @Test func theAdminReserveServesOnlyTheReservedPrefix() {
        let h = Harness {
            $0.maxConnections = 1
            $0.adminReserveConnections = 1
        }
        h.connect(7)
        h.connect(8)  // past --max-connections: in the reserve
        #expect(h.loop.connections[8]?.reserved == true)
        h.send(get("/_polytask/health"), on: 8)
        #expect(h.responses(8).map(\.status) == [200])
        h.send(get("/api/v3/tasks"), on: 8)
        let refused = h.responses(8)
        #expect(refused.map(\.status) == [503])
        #expect(refused.first?.header("Connection") == "close")
        #expect(refused.first?.bodyText.contains("too_many_connections") == true)
        #expect(h.sockets.peer(8).writeShutdown)

        // Past the reserve too: 503 at once, and the socket is closed without becoming a connection.
        h.connect(9)
        #expect(h.loop.connections[9] == nil)
        #expect(h.responses(9).map(\.status) == [503])
        #expect(h.socketClosed(9))

        // The ordinary connection serves every path.
        h.send(get("/api/v3/tasks"), on: 7)
        #expect(h.responses(7).map(\.status) == [200])
    }

    @Test func outOfDescriptorsTheReserveDescriptorLetsTheAcceptorAnswer503() {
        let h = Harness()
        h.loop.startListening(fd: 3)
        h.pump()
        #expect(h.sockets.reserveIsOpen)
        h.sockets.acceptResults.withLock { $0 = [.outOfDescriptors, .accepted(20), .outOfDescriptors, .wouldBlock] }
        h.loop.ioReady(fd: 3, events: .readable)
        let rs = h.responses(20)
        #expect(rs.map(\.status) == [503])
        #expect(rs.first?.bodyText.contains("out_of_file_descriptors") == true)
        #expect(h.socketClosed(20))
        #expect(h.sockets.reserveIsOpen, "the reserve is taken back")
        #expect(h.backend.interest(3) == .readable)
    }

    @Test func outOfDescriptorsWithNoReserveAcceptingPausesUntilTheNextTick() {
        let h = Harness()
        h.sockets.reserveAvailable.store(false, ordering: .relaxed)
        h.loop.startListening(fd: 3)
        h.pump()
        h.sockets.acceptResults.withLock { $0 = [.outOfDescriptors] }
        h.loop.ioReady(fd: 3, events: .readable)
        #expect(h.backend.interest(3) == [], "no accept interest: a level-triggered listener would spin")
        let calls = h.sockets.acceptCalls.load(ordering: .relaxed)
        h.loop.ioReady(fd: 3, events: .readable)  // a report already on its way
        #expect(h.sockets.acceptCalls.load(ordering: .relaxed) == calls)
        h.advance(millis: IOBackendTiming.tickMillis)
        #expect(h.backend.interest(3) == .readable)
        h.sockets.acceptResults.withLock { $0 = [.accepted(21), .wouldBlock] }
        h.loop.ioReady(fd: 3, events: .readable)
        #expect(h.loop.connections[21] != nil)
    }

    @Test func theAcceptorTakesAtMostOneBatchPerReport() {
        let h = Harness { $0.maxConnections = 10_000 }
        h.loop.startListening(fd: 3)
        h.pump()
        h.sockets.acceptResults.withLock { q in q = (0..<100).map { .accepted(Int32(100 + $0)) } }
        h.loop.ioReady(fd: 3, events: .readable)
        #expect(h.loop.connections.count == Acceptor.batch)
    }

    @Test func connectionSlotsAreFittedUnderTheDescriptorLimit() {
        var c = ServerConfig()
        c.threads = 2
        #expect(c.fitConnections(descriptorLimit: 1 << 20, otherDescriptors: 40) == nil)
        #expect(c.maxConnections == 1024)
        let note = c.fitConnections(descriptorLimit: 1024, otherDescriptors: 40)
        #expect(note != nil)
        #expect(c.maxConnections + c.adminReserveConnections + c.serverDescriptors + 40 == 1024)
        #expect(c.adminReserveConnections == 8)
        var tiny = ServerConfig()
        tiny.threads = 1
        _ = tiny.fitConnections(descriptorLimit: 20, otherDescriptors: 40)
        #expect(tiny.maxConnections == 1)
        #expect(tiny.adminReserveConnections == 0)
    }
}
