import HTTP1
@testable import Quant
import Testing

/// `QuantAuth.bearerToken` reads ASCII values on their bytes and anything else by characters;
/// both must give the same answer for the same rules (scheme case-insensitive, spaces and
/// tabs around, exactly one token).
@Suite struct BearerTokenTests {
    static func token(_ value: String?) -> String? {
        var h = HTTPHeaders()
        if let value { h.add(name: "Authorization", value: value) }
        return QuantAuth.bearerToken(h).map(String.init)
    }

    @Test(arguments: [
        ("Bearer abc", "abc"), ("bearer abc", "abc"), ("BEARER abc", "abc"), ("  Bearer   abc  ", "abc"),
        ("Bearer\tabc", "abc"), ("\tBearer \t abc\t", "abc"), ("Bearer caf\u{E9}", "caf\u{E9}"),
        ("Bearer a\u{301}b", "a\u{301}b"),
    ])
    func wellFormed(_ value: String, _ expected: String) {
        #expect(Self.token(value) == expected)
    }

    @Test(arguments: ["", "Bearer", "Bearer ", "  Bearer  ", "Basic abc", "Bearer a b", "Bearer a\tb", "Bearerabc",
                      "Bearer caf\u{E9} x", "B\u{E9}arer abc", "abc"])
    func malformed(_ value: String) {
        #expect(Self.token(value) == nil)
    }

    @Test func missingHeader() {
        #expect(Self.token(nil) == nil)
    }
}
