import JSON

/// A request body as a Node.js backend reads it (`JSON.parse(buffer.toString("utf8"))`, what
/// Express's `body-parser` does), measured on Node 20.20.2:
///
/// - bytes that are not UTF-8 become U+FFFD (`Buffer#toString` replaces them), they are no error;
/// - every number is a double: an integer past 2^53 loses its low digits (`JSONWriter` with
///   `JSNumberStyle` then writes what JavaScript would), one past the double range is
///   ±`Infinity` (written back as `null`);
/// - a lone surrogate escape (`"\ud800"`) is kept by JavaScript; a Swift string cannot hold it,
///   so it becomes U+FFFD;
/// - `JSON.parse` itself has no nesting limit, and `JSON.stringify` overflows V8's stack at
///   about 4,170 levels (default `--stack-size`, fewer inside a server's call stack), so the
///   vendor could store a deeper document but never answer with it. polytask refuses bodies
///   nested more than 1,000 deep (`maxDepth`, a 400 "Invalid JSON"): it must free and write
///   the value again on an event loop's 1 MiB stack (freeing a nested `JSONValue` recurses,
///   about 250 bytes a level in a debug build), and no client nests task metadata that deep.
public enum NodeJSON {
    public static let maxDepth = 1000

    public static let options = JSONParser.Options(maxDepth: maxDepth, bigIntegers: .double, nonFiniteLiterals: false,
                                                   overflowToInfinity: true, acceptsLoneSurrogates: true)

    /// `JSON.parse` of the body's UTF-8 text (malformed UTF-8 replaced, as Node replaces it).
    public static func parse(_ body: [UInt8]) throws(JSONParseError) -> JSONValue {
        do {
            return try JSONParser.parse(body, options: options)
        } catch where error.kind == .invalidUTF8 {
            // Rare: only a body with bytes that are not UTF-8 pays for the copy.
            return try JSONParser.parse(Array(String(decoding: body, as: UTF8.self).utf8), options: options)
        }
    }
}
