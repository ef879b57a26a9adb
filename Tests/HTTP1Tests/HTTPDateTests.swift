import HTTP1
import Testing

/// RFC 9110 §5.6.7: IMF-fixdate, the only date format a sender may generate.
@Suite struct HTTPDateTests {
    @Test(arguments: [
        (784111777, "Sun, 06 Nov 1994 08:49:37 GMT"),   // the RFC's own example
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (951782400, "Tue, 29 Feb 2000 00:00:00 GMT"),    // leap day
        (1764480000, "Sun, 30 Nov 2025 05:20:00 GMT"),
        (4102444799, "Thu, 31 Dec 2099 23:59:59 GMT"),
    ])
    func imfFixdate(_ seconds: Int, _ expected: String) {
        #expect(HTTPDate.format(epochSeconds: seconds) == expected)
    }

    @Test func nowIsTwentyNineCharactersEndingInGMT() {
        let s = HTTPDate.now()
        #expect(s.utf8.count == 29)
        #expect(s.hasSuffix(" GMT"))
    }
}
