import JSON
import Testing

/// Feeds `text` in pieces of `step` bytes and collects the events.
private func split(_ text: String, step: Int) throws -> [JSONSeedSplitter.Event] {
    var s = JSONSeedSplitter()
    var events: [JSONSeedSplitter.Event] = []
    let bytes = Array(text.utf8)
    var i = 0
    while i < bytes.count {
        let end = min(bytes.count, i + step)
        try bytes[i..<end].withUnsafeBytes { try s.feed($0) { events.append($0) } }
        i = end
    }
    try s.finish { events.append($0) }
    return events
}

private func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

@Suite struct JSONSeedSplitterTests {
    static let doc = #"""
    { "quant": {"acme": [ {"taskId":"a","title":"x \"}]\" y"}, {"taskId":"b","n":[1,{"c":2}]} ], "empty": []},
      "amigo": {"ws": {"tasks": [], "api_keys": [1]}},
      "other": 42, "str": "s}", "esc\"key": [true, null, -1.5e3] }
    """#

    @Test(arguments: [1, 2, 3, 7, 64, 100_000])
    func splitsItemsHoweverTheBytesArrive(step: Int) throws {
        let events = try split(Self.doc, step: step)
        var seen: [String] = []
        for e in events {
            switch e {
            case .item(let p, let t, let b): seen.append("item \(p)/\(t) \(text(b))")
            case .tenantValue(let p, let t, let b): seen.append("tenant \(p)/\(t) \(text(b))")
            case .partValue(let p, let b): seen.append("part \(p) \(text(b))")
            }
        }
        #expect(seen == [
            #"item quant/acme {"taskId":"a","title":"x \"}]\" y"}"#,
            #"item quant/acme {"taskId":"b","n":[1,{"c":2}]}"#,
            #"tenant amigo/ws {"tasks": [], "api_keys": [1]}"#,
            "part other 42",
            #"part str "s}""#,
            "part esc\"key [true, null, -1.5e3]",
        ])
    }

    @Test func everyItemParses() throws {
        for e in try split(Self.doc, step: 5) {
            if case .item(_, _, let b) = e { _ = try JSONParser.parse(b) }
        }
    }

    @Test(arguments: ["", "[]", "{", #"{"q":{"t":[1,2]}"#, #"{"q":{"t":[1 2]}}"#, #"{"q" {"t":[]}}"#, #"{"q":{}} x"#, #"{"q":{"t":[]},}"#])
    func rejectsMalformedStructure(_ bad: String) {
        #expect(throws: JSONParseError.self) { _ = try split(bad, step: 3) }
    }

    @Test func boundsOneValue() {
        var s = JSONSeedSplitter(maxValueBytes: 10)
        let bytes = Array(#"{"q":{"t":[{"a":"0123456789"}]}}"#.utf8)
        #expect(throws: JSONParseError.self) { try bytes.withUnsafeBytes { try s.feed($0) { _ in } } }
    }
}
