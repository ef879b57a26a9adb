import Control
import Testing

@Suite struct JournalTests {
    func entry(_ n: Int, dialect: String? = "quant", status: Int = 200, target: String = "/x") -> JournalEntry {
        JournalEntry(sequence: UInt64(n), receivedAt: Int64(n), method: "GET", target: target, dialect: dialect,
                     tenant: "t\(n % 2)", route: nil, status: status, latencyMicros: 10, requestID: "r\(n)",
                     requestBody: "req", responseBody: "resp")
    }

    @Test func holdsAtMostItsCapacityNewestFirst() {
        let j = Journal(capacity: 10)
        for n in 1...100 { j.record(entry(n)) }
        #expect(j.count == 10)
        let all = j.entries(Journal.Filter())
        #expect(all.map(\.sequence) == Array((91...100).reversed()).map(UInt64.init))
    }

    @Test func filtersCombine() {
        let j = Journal(capacity: 50)
        for n in 1...20 { j.record(entry(n, dialect: n <= 10 ? "quant" : "amigo", status: n % 5 == 0 ? 404 : 200, target: "/p/\(n)?q=1")) }
        var f = Journal.Filter()
        f.dialect = "amigo"
        f.status = 404
        #expect(j.entries(f).map(\.sequence) == [20, 15])
        var p = Journal.Filter()
        p.path = "/p/1*"
        #expect(j.entries(p).map(\.sequence) == [19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 1])
        var exact = Journal.Filter()
        exact.path = "/p/7"
        exact.limit = 5
        #expect(j.entries(exact).map(\.sequence) == [7])
        var after = Journal.Filter()
        after.after = 17
        #expect(j.entries(after).map(\.sequence) == [20, 19, 18])
        var limited = Journal.Filter()
        limited.limit = 3
        #expect(j.entries(limited).count == 3)
    }

    @Test func bodiesAreKeptOnlyWhenAskedAndCut() {
        let off = Journal(capacity: 2)
        off.record(entry(1))
        #expect(off.entries(Journal.Filter()).first?.requestBody == nil)
        let on = Journal(capacity: 2, keepBodies: true, bodyLimit: 4)
        #expect(on.bodyText(Array("abcdefgh".utf8)) == "abcd")
        #expect(on.bodyText([]) == nil)
    }

    @Test func clearEmptiesButSequencesGoOn() {
        let j = Journal(capacity: 4)
        let a = j.nextSequence()
        j.record(entry(Int(a)))
        j.clear()
        #expect(j.count == 0)
        #expect(j.nextSequence() == a + 1)
    }

    @Test func zeroCapacityKeepsNothing() {
        let j = Journal(capacity: 0)
        j.record(entry(1))
        #expect(j.count == 0)
        #expect(j.entries(Journal.Filter()).isEmpty)
    }
}
