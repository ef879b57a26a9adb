import HTTP1
import Testing

/// The parser is resumable: however TCP splits the bytes, the answer is the same. Checked as a
/// property over hand-written edge cases and thousands of generated (often broken) pipelines,
/// with the fuzzer's own oracle (`ParserHarness.check`).
@Suite struct IncrementalParsingTests {
    static let edgeCases: [String] = [
        Wire.get(),
        Wire.get("/a?b=c", headers: ["Connection: close", "X-Request-Id: abc"]),
        Wire.post(["Content-Length: 5"], body: "hello") + Wire.get("/next"),
        Wire.post(["Transfer-Encoding: chunked"], body: "5;e=1\r\nhello\r\n0\r\nT: 1\r\n\r\n") + Wire.get(),
        Wire.post(["Expect: 100-continue", "Content-Length: 3"], body: "abc"),
        Wire.post(["Expect: 100-continue", "Transfer-Encoding: chunked"], body: "3\r\nabc\r\n0\r\n\r\n"),
        "\r\n\r\n" + Wire.get(),
        "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n",
        "GET / HTTP/1.1\nHost: h\n\n",
        "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\nHost: h\n\n",
        "GET / HTTP/1.1\r\nHost: h\r\nX: " + String(repeating: "v", count: 70_000) + "\n\r\n",
        Wire.post(["Content-Length: 5", "Transfer-Encoding: chunked"], body: "0\r\n\r\n"),
        Wire.post(["Content-Length: 0x10"]),
        Wire.post(["Transfer-Encoding: chunked"], body: "zz\r\n"),
        Wire.post(["Transfer-Encoding: chunked"], body: "5\r\nhelloXX"),
        "GET / HTTP/2.0\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: h\r\n folded\r\n\r\n",
        String(repeating: "\r\n", count: 20),
        "\u{16}\u{03}\u{01}\u{00}\u{A5}\u{01}\u{00}\u{00}\u{A1}\u{03}\u{03}",
    ]

    @Test(arguments: edgeCases.indices)
    func byteAtATimeGivesTheSameResultAsOneAppend(_ i: Int) {
        let bytes = Array(Self.edgeCases[i].utf8)
        let whole = ParserHarness.feed(bytes)
        let bytewise = ParserHarness.feed(bytes, pieceSize: 1)
        #expect(whole.violations.isEmpty && bytewise.violations.isEmpty)
        #expect(ParserHarness.finalEvents(bytewise.events) == ParserHarness.finalEvents(whole.events),
                "\(ParserHarness.summary(whole.events)) vs \(ParserHarness.summary(bytewise.events))")
    }

    @Test(arguments: edgeCases.indices)
    func everyLimitSetAndPieceSizeSatisfiesTheOracle(_ i: Int) {
        let bytes = Array(Self.edgeCases[i].utf8)
        for limitSet in 0..<ParserHarness.limitSets.count {
            for piece in [0, 1, 2, 3, 7, 13, 31] {
                let v = ParserHarness.check([UInt8(limitSet), UInt8(piece)] + bytes)
                #expect(v.isEmpty, "limit set \(limitSet), piece \(piece): \(v)")
            }
        }
    }

    @Test func generatedPipelinesParseTheSameHoweverSplit() {
        var rng = SplitMix64(seed: 0x5EED_0F_9112)
        var requestsSeen = 0, errorsSeen = 0
        for _ in 0..<3000 {
            let bytes = RequestGenerator.pipeline(&rng)
            let limitSet = UInt8(rng.next() % UInt64(ParserHarness.limitSets.count))
            let piece = UInt8(rng.next() % 32)
            let v = ParserHarness.check([limitSet, piece] + bytes)
            if !v.isEmpty {
                Issue.record("\(v) for \(String(decoding: bytes, as: UTF8.self).debugDescription)")
                return
            }
            let out = ParserHarness.feed(bytes, limits: ParserHarness.limitSets[Int(limitSet)])
            for e in out.events {
                switch e {
                case .request: requestsSeen += 1
                case .error: errorsSeen += 1
                case .expectContinue: break
                }
            }
        }
        // The generator exercises both sides, or the property would be vacuous.
        #expect(requestsSeen > 400)
        #expect(errorsSeen > 300)
    }
}

/// A small deterministic PRNG so that a failing generated case repeats.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Requests that are mostly valid, with the framing features mixed in and occasional damage.
enum RequestGenerator {
    static func pipeline(_ rng: inout SplitMix64) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<Int.random(in: 1...3, using: &rng) { out += request(&rng) }
        if Int.random(in: 0..<4, using: &rng) == 0 && !out.isEmpty {
            // Damage: flip, delete or insert one byte somewhere.
            let at = Int.random(in: 0..<out.count, using: &rng)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: out[at] = [0x0A, 0x0D, 0x20, 0x00, 0x3A, 0x2C, 0x7F, 0xFF].randomElement(using: &rng) ?? 0
            case 1: out.remove(at: at)
            default: out.insert([0x0A, 0x20, 0x09, 0x3B].randomElement(using: &rng) ?? 0x0A, at: at)
            }
        }
        return out
    }

    static func request(_ rng: inout SplitMix64) -> [UInt8] {
        let method = ["GET", "POST", "PUT", "HEAD", "DELETE", "OPTIONS"].randomElement(using: &rng) ?? "GET"
        let target = ["/", "/v1/ws/tasks", "/a?b=c&d", "http://h:1/x", "*", "/" + String(repeating: "p", count: Int.random(in: 0...300, using: &rng))]
            .randomElement(using: &rng) ?? "/"
        let version = ["HTTP/1.1", "HTTP/1.1", "HTTP/1.1", "HTTP/1.0", "HTTP/2.0"].randomElement(using: &rng) ?? "HTTP/1.1"
        var lines = ["\(method) \(target) \(version)"]
        if version != "HTTP/1.0" || Bool.random(using: &rng) { lines.append("Host: example.com") }
        for _ in 0..<Int.random(in: 0...6, using: &rng) {
            lines.append(["X-A: 1", "Accept: */*", "Connection: close", "Connection: keep-alive", "Expect: 100-continue",
                          "X-Long: " + String(repeating: "v", count: Int.random(in: 0...200, using: &rng)),
                          "x-request-id: r-\(rng.next() % 1000)", "Host: dup", "Content-Length: 2", "Expect: nope"]
                .randomElement(using: &rng) ?? "X: 1")
        }
        let body = String(repeating: "b", count: Int.random(in: 0...40, using: &rng))
        var tail = ""
        switch Int.random(in: 0..<4, using: &rng) {
        case 0:
            lines.append("Content-Length: \(body.utf8.count)")
            tail = body
        case 1:
            lines.append("Transfer-Encoding: chunked")
            let half = body.utf8.count / 2
            let a = String(body.prefix(half)), b = String(body.dropFirst(half))
            for part in [a, b] where !part.isEmpty {
                tail += String(part.utf8.count, radix: 16) + (Bool.random(using: &rng) ? ";ext=1" : "") + "\r\n" + part + "\r\n"
            }
            tail += "0\r\n" + (Bool.random(using: &rng) ? "Trailer-A: x\r\n" : "") + "\r\n"
        default:
            break
        }
        return Array((lines.joined(separator: "\r\n") + "\r\n\r\n" + tail).utf8)
    }
}
