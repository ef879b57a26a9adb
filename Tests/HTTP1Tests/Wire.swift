import HTTP1
import Testing

/// Test helpers: feed text to a fresh parser the way the server does and look at what came out.
/// They go through `ParserHarness.feed`, the fuzzer's own driver, so every unit test also checks
/// that `next()` settles and that a failed parser stays failed.
enum Wire {
    /// The events for `text`, all bytes appended at once (or in pieces of `pieceSize` bytes).
    static func events(_ text: String, limits: ParserLimits = ParserLimits(), pieceSize: Int = 0) -> [ParseEvent] {
        events(Array(text.utf8), limits: limits, pieceSize: pieceSize)
    }

    static func events(_ bytes: [UInt8], limits: ParserLimits = ParserLimits(), pieceSize: Int = 0) -> [ParseEvent] {
        let out = ParserHarness.feed(bytes, limits: limits, pieceSize: pieceSize)
        if !out.violations.isEmpty { Issue.record("parser driver violations: \(out.violations)") }
        return out.events
    }

    /// The error the request is refused with, if any.
    static func error(_ text: String, limits: ParserLimits = ParserLimits()) -> HTTPParseError? {
        for e in events(text, limits: limits) { if case .error(let err) = e { return err } }
        return nil
    }

    /// The status of the refusal, or nil when the input parsed without error.
    static func status(_ text: String, limits: ParserLimits = ParserLimits()) -> Int? {
        error(text, limits: limits)?.status
    }

    /// The complete requests, in order.
    static func requests(_ text: String, limits: ParserLimits = ParserLimits(), pieceSize: Int = 0) -> [HTTPRequest] {
        events(text, limits: limits, pieceSize: pieceSize).compactMap { if case .request(let r) = $0 { return r } else { return nil } }
    }

    /// The single request `text` holds (nil if it is not exactly one request and nothing else).
    static func request(_ text: String, limits: ParserLimits = ParserLimits()) -> HTTPRequest? {
        let ev = events(text, limits: limits)
        guard ev.count == 1, case .request(let r) = ev[0] else { return nil }
        return r
    }

    /// A minimal valid HTTP/1.1 request with extra header lines.
    static func get(_ target: String = "/", headers: [String] = []) -> String {
        "GET \(target) HTTP/1.1\r\nHost: example.com\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n"
    }

    /// A POST with the given framing header lines and raw body bytes.
    static func post(_ headers: [String], body: String = "") -> String {
        "POST /upload HTTP/1.1\r\nHost: example.com\r\n" + headers.map { $0 + "\r\n" }.joined() + "\r\n" + body
    }
}

extension ParseEvent {
    var isExpectContinue: Bool { if case .expectContinue = self { return true } else { return false } }
}
