import JSON
import Store
import Testing
@testable import Quant

/// The fast renderer (typed record fields + spliced stored JSON) must produce the same JSON
/// value as the typed model, for any combination of set and unset fields.
@Suite struct RendererTests {
    static func sample(_ n: Int) -> QuantTask {
        var t = QuantTask(taskId: "id-\(n)", orgId: "org", title: "Title \"quoted\"\n\(n)", status: "blocked",
                          createdAt: 1_735_689_600_000 + Int64(n), updatedAt: 1_735_689_700_000)
        if n & 1 != 0 { t.taskListId = "world-\(n)" }
        if n & 2 != 0 { t.description = "desc \\ é ✓" }
        if n & 4 != 0 { t.assignedAgentId = "agent-\(n)" }
        if n & 8 != 0 { t.createdByAgentId = "coord" }
        if n & 16 != 0 { t.dependsOn = ["a", "b"] }
        if n & 32 != 0 { t.metadata = ["priority": "high", "n": .int(Int64(n)), "nested": ["x": [1, 2.5, nil, true]]] }
        if n & 64 != 0 { t.progress = [0, 0.25, 1, 0.1][n % 4] }
        if n & 128 != 0 { t.progressMessage = "step" }
        if n & 256 != 0 { t.result = [:] }
        if n & 512 != 0 { t.error = "boom" }
        if n & 1024 != 0 { t.retryCount = 2; t.maxRetries = 10 }
        if n & 2048 != 0 { t.startedAt = 1; t.completedAt = 2; t.expiresAt = 3 }
        if n & 4096 != 0 { t.blockedReason = "r"; t.blockedByTaskIds = []; t.blockedAt = 4 }
        return t
    }

    @Test func fullRenderingEqualsTheModel() throws {
        for n in stride(from: 0, to: 8192, by: 37) {
            let t = Self.sample(n)
            let rendered = try JSONParser.parse(QuantRenderer.full(t.record))
            #expect(rendered == t.jsonValue.normalized, "sample \(n)")
        }
        let all = Self.sample(8191)
        #expect(try JSONParser.parse(QuantRenderer.full(all.record)).keys.count == 24)
    }

    @Test func summaryRenderingIsTheModelCutToSummaryFields() throws {
        for n in stride(from: 0, to: 8192, by: 41) {
            let t = Self.sample(n)
            let full = t.jsonValue.normalized.objectValue ?? [:]
            #expect(try JSONParser.parse(QuantRenderer.summary(t.record)) == .object(full.filter { QuantFixtures.summaryKeys.contains($0.key) }))
        }
    }

    @Test func recordRoundTripsThroughTheModel() throws {
        for n in stride(from: 0, to: 8192, by: 53) {
            let t = Self.sample(n)
            #expect(try QuantTask(record: t.record) == t, "sample \(n)")
        }
    }

    @Test func recordMapsOntoTheTypedColumns() {
        let t = Self.sample(8191)
        let r = t.record
        #expect(r.dialect == "quant" && r.tenant == "org" && r.id == "id-8191")
        #expect(r.externalID == "world-8191" && r.assignee == "agent-8191" && r.status == "blocked")
        #expect(r.dependsOn == ["a", "b"] && r.startedAt == 1 && r.completedAt == 2 && r.expiresAt == 3)
        #expect(!r.summaryJSON.contains("metadata") && r.detailJSON.contains("metadata"))
    }

    @Test func stringsAreEscapedExactlyAsJSONWriterDoes() {
        var samples = ["", "plain", "quote \" and backslash \\", "tab\tnew\nline\rcr", "é ✓ 😀 日本", "/slash"]
        samples.append(String(decoding: (0..<32).map { UInt8($0) }, as: UTF8.self))
        samples.append(String(decoding: [0x7F, 0x41], as: UTF8.self))
        for s in samples {
            var o = QuantOutput(capacity: 16)
            o.string(s)
            var w = JSONWriter()
            w.string(s)
            #expect(o.bytes == w.bytes, "\(s.debugDescription)")
        }
        var o = QuantOutput(capacity: 16)
        o.strings(["a", "b\""])
        #expect(String(decoding: o.bytes, as: UTF8.self) == #"["a","b\""]"#)
    }

    @Test func spliceAddsMembersAfterACommaAndNothingForAnEmptyObject() {
        var o = QuantOutput(capacity: 16)
        o.raw("{\"a\":1")
        o.splice("{}")
        o.splice(#"{"b":[1,{"c":2}]}"#)
        o.byte(UInt8(ascii: "}"))
        #expect(String(decoding: o.bytes, as: UTF8.self) == #"{"a":1,"b":[1,{"c":2}]}"#)
    }
}
