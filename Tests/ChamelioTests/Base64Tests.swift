import Testing
@testable import Chamelio

/// RFC 4648 §10 test vectors, both alphabets, and what is refused.
@Suite struct Base64Tests {
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy"),
    ]

    @Test func rfc4648Vectors() {
        for (plain, encoded) in Self.vectors {
            #expect(Base64.encode(Array(plain.utf8)) == encoded)
            #expect(Base64.decode(encoded) == Array(plain.utf8))
        }
    }

    @Test func paddingIsOptionalAndWhitespaceIgnored() {
        #expect(Base64.decode("Zm9vYg") == Array("foob".utf8))
        #expect(Base64.decode("Zm9v\nYmFy\r\n") == Array("foobar".utf8))
        #expect(Base64.decode("data:text/plain;base64,Zm9v") == Array("foo".utf8))
    }

    @Test func bothAlphabets() {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF]
        #expect(Base64.encode(bytes) == "+/+/")
        #expect(Base64.encode(bytes, urlSafe: true) == "-_-_")
        #expect(Base64.decode("+/+/") == bytes)
        #expect(Base64.decode("-_-_") == bytes)
    }

    @Test func refusesWhatIsNotBase64() {
        #expect(Base64.decode("Zm9v!") == nil)      // not in either alphabet
        #expect(Base64.decode("Z") == nil)          // 6 bits cannot be a byte
        #expect(Base64.decode("Zh==") == nil)       // non-zero bits after the last byte
        #expect(Base64.decode("Zg=x") == nil)       // data after padding
        #expect(Base64.decode("Zm9v=") == nil)      // padding where none is due
        #expect(Base64.decode("Zg=") == nil)        // too little padding
    }
}
