import JSON

/// The one check that both the libFuzzer target (`Fuzz/SeedFuzz`) and the regression test
/// (`Tests/FuzzTests`, through a symlink to this file) run on an input. Input layout: byte 0
/// picks the chunk size of a second, streamed feed (1...64 bytes); the rest is a seed document.
///
/// What must hold, beyond not trapping:
/// - the events (or the refusal) do not depend on how the file was split into reads;
/// - a document the strict parser accepts is split without error, into exactly the events an
///   independent splitter (`referenceEvents`, recursive, over the already validated bytes)
///   finds, each of which parses; and, with no repeated key at the two outer levels (where the
///   whole parse keeps the last and the splitter hands out both), the parts re-parsed and put
///   together equal the whole document's parse (empty lists and objects yield no event);
/// - a document the strict parser refuses is refused: by the splitter, or by parsing one of
///   the values it hands out (which is what the seed loader does with each).
enum SeedHarness {
    typealias Event = JSONSeedSplitter.Event
    /// Nesting is not the splitter's business: the loader parses items with its own limit.
    static let options = JSONParser.Options(maxDepth: 1 << 20)

    /// Why the splitter refused a document.
    struct Refusal: Error, CustomStringConvertible { var description: String }

    static func split(_ doc: [UInt8], chunk: Int) -> Result<[Event], Refusal> {
        var splitter = JSONSeedSplitter()
        var events: [Event] = []
        do {
            var start = 0
            while start < doc.count {
                let end = min(start + chunk, doc.count)
                try doc[start..<end].withUnsafeBytes { try splitter.feed($0) { events.append($0) } }
                start = end
            }
            try splitter.finish { events.append($0) }
            return .success(events)
        } catch {
            return .failure(Refusal(description: "\(error)"))
        }
    }

    static func check(_ input: [UInt8]) -> [String] {
        guard let first = input.first else { return [] }
        let doc = Array(input.dropFirst())
        let chunk = Int(first) % 64 + 1
        let whole = split(doc, chunk: max(doc.count, 1))
        let streamed = split(doc, chunk: chunk)
        var v: [String] = []
        switch (whole, streamed) {
        case (.success(let a), .success(let b)) where a != b: v.append("the events depend on the read size (\(chunk))")
        case (.success, .failure(let e)), (.failure(let e), .success): v.append("one read size refuses (\(e)), another accepts")
        default: break
        }
        let parsed = Result { () throws(JSONParseError) in try JSONParser.parse(doc, options: options) }
        switch (parsed, whole) {
        case (.success(let value), .success(let events)):
            if value.objectValue == nil {
                v.append("accepted a document that is not an object")
            } else {
                v += compare(events, with: value, doc: doc)
            }
        case (.success(let value), .failure(let e)):
            // Valid JSON that is not an object is not a seed document.
            if value.objectValue != nil { v.append("refused a valid seed document: \(e)") }
        case (.failure(let e), .success(let events)):
            let refused = events.contains { (try? JSONParser.parse(bytes(of: $0), options: options)) == nil }
            if !refused { v.append("accepted a document the parser refuses (\(e)), and every part parses") }
        case (.failure, .failure):
            break
        }
        return v
    }

    static func compare(_ events: [Event], with value: JSONValue, doc: [UInt8]) -> [String] {
        guard let reference = referenceEvents(doc) else { return ["the reference splitter cannot read a valid document"] }
        var v: [String] = []
        if events != reference.events {
            v.append("events \(events.map(describe)) where the reference finds \(reference.events.map(describe))")
        }
        var rebuilt: [String: JSONValue] = [:]
        for e in events {
            guard let part = try? JSONParser.parse(bytes(of: e), options: options) else {
                v.append("a part of a valid document does not parse: \(describe(e))")
                continue
            }
            switch e {
            case .item(let p, let t, _):
                var tenants = rebuilt[p]?.objectValue ?? [:]
                tenants[t] = .array((tenants[t]?.arrayValue ?? []) + [part])
                rebuilt[p] = .object(tenants)
            case .tenantValue(let p, let t, _):
                var tenants = rebuilt[p]?.objectValue ?? [:]
                tenants[t] = part
                rebuilt[p] = .object(tenants)
            case .partValue(let p, _):
                rebuilt[p] = part
            }
        }
        if !reference.repeatedKey, JSONValue.object(rebuilt) != withoutEmptyLists(value) {
            v.append("the parts put together differ from the whole document's parse")
        }
        return v
    }

    /// The whole parse as the events can show it: a tenant's empty list yields no event, nor
    /// does a part whose tenants are all empty lists.
    static func withoutEmptyLists(_ doc: JSONValue) -> JSONValue {
        guard case .object(let parts) = doc else { return doc }
        var out: [String: JSONValue] = [:]
        for (p, part) in parts {
            guard case .object(let tenants) = part else { out[p] = part; continue }
            let kept = tenants.filter { $0.value != .array([]) }
            if !kept.isEmpty { out[p] = .object(kept) }
        }
        return .object(out)
    }

    static func bytes(of e: Event) -> [UInt8] {
        switch e {
        case .item(_, _, let b), .tenantValue(_, _, let b), .partValue(_, let b): return b
        }
    }

    static func describe(_ e: Event) -> String {
        switch e {
        case .item(let p, let t, let b): return "item(\(p)/\(t): \(String(decoding: b.prefix(40), as: UTF8.self)))"
        case .tenantValue(let p, let t, let b): return "tenant(\(p)/\(t): \(String(decoding: b.prefix(40), as: UTF8.self)))"
        case .partValue(let p, let b): return "part(\(p): \(String(decoding: b.prefix(40), as: UTF8.self)))"
        }
    }

    // MARK: the reference splitter (valid JSON only)

    /// The events of a document already known to be valid JSON, found by walking it with
    /// recursion over its bytes; nil if it is not an object. `repeatedKey`: a part or a tenant
    /// name occurs twice in one object.
    static func referenceEvents(_ b: [UInt8]) -> (events: [Event], repeatedKey: Bool)? {
        var i = 0
        var events: [Event] = []
        var repeated = false
        func ws() { while i < b.count, [0x20, 0x09, 0x0A, 0x0D].contains(b[i]) { i += 1 } }
        /// The end of the value starting at `i` (valid JSON).
        func valueEnd(_ start: Int) -> Int {
            var j = start
            if b[j] == UInt8(ascii: "\"") { return stringEnd(j) }
            if b[j] == UInt8(ascii: "{") || b[j] == UInt8(ascii: "[") {
                var depth = 0
                while true {
                    switch b[j] {
                    case UInt8(ascii: "\""): j = stringEnd(j); continue
                    case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                    case UInt8(ascii: "}"), UInt8(ascii: "]"):
                        depth -= 1
                        if depth == 0 { return j + 1 }
                    default: break
                    }
                    j += 1
                }
            }
            while j < b.count, !Array(",}] \t\r\n".utf8).contains(b[j]) { j += 1 }
            return j
        }
        func stringEnd(_ start: Int) -> Int {
            var j = start + 1
            while b[j] != UInt8(ascii: "\"") { j += b[j] == UInt8(ascii: "\\") ? 2 : 1 }
            return j + 1
        }
        func key() -> String {
            let end = stringEnd(i)
            let k = (try? JSONParser.parse(Array(b[i..<end])))?.stringValue ?? ""
            i = end
            ws()
            i += 1  // ':'
            ws()
            return k
        }
        /// Members of the object at `i`, each handed to `member` with `i` at its value.
        func members(_ member: (String) -> Void) {
            i += 1
            ws()
            var seen = Set<String>()
            while b[i] != UInt8(ascii: "}") {
                let k = key()
                if !seen.insert(k).inserted { repeated = true }
                member(k)
                ws()
                if b[i] == UInt8(ascii: ",") { i += 1; ws() }
            }
            i += 1
        }
        ws()
        guard i < b.count, b[i] == UInt8(ascii: "{") else { return nil }
        members { part in
            guard b[i] == UInt8(ascii: "{") else {
                let end = valueEnd(i)
                events.append(.partValue(part: part, bytes: Array(b[i..<end])))
                i = end
                return
            }
            members { tenant in
                guard b[i] == UInt8(ascii: "[") else {
                    let end = valueEnd(i)
                    events.append(.tenantValue(part: part, tenant: tenant, bytes: Array(b[i..<end])))
                    i = end
                    return
                }
                i += 1
                ws()
                while b[i] != UInt8(ascii: "]") {
                    let end = valueEnd(i)
                    events.append(.item(part: part, tenant: tenant, bytes: Array(b[i..<end])))
                    i = end
                    ws()
                    if b[i] == UInt8(ascii: ",") { i += 1; ws() }
                }
                i += 1
            }
        }
        return (events, repeated)
    }
}
