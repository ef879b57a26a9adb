import Testing
@testable import Digest

/// FIPS 180-4 examples (NIST "Example Algorithm" documents, SHA256.pdf / SHA2_Additional.pdf)
/// and byte-oriented messages from the NIST CAVP SHAVS `SHA256ShortMsg.rsp` file.
@Suite struct SHA256Tests {
    private func hex(_ s: String) -> String { Hex.encode(SHA256.hash(Array(s.utf8))) }

    @Test func oneBlockMessageABC() {
        #expect(hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func emptyMessage() {
        #expect(hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func twoBlockMessage448Bits() {
        #expect(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func message896Bits() {
        let m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(hex(m) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func oneMillionA() {
        let m = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(Hex.encode(SHA256.hash(m)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test(arguments: [
        ("d3", "28969cdfa74a12c82f3bad960b0b000aca2ac329deea5c2328ebc6f2ba9802c1"),
        ("11af", "5ca7133fa735326081558ac312c620eeca9970d1e70a4b95533d956f072d1f98"),
        ("5a86b737eaea8ee976a0a24da63e7ed7eefad18a101c1211e2b3650c5187c2a8a650547208251f6d4237e661c7bf4c77f335390394c37fa1a9f9be836ac28509",
         "42e61e174fbb3897d6dd6cef3dd2802fe67b331953b06114a65c772859dfc1aa"),
    ])
    func shavsShortMessages(msg: String, digest: String) throws {
        let bytes = try #require(Hex.decode(msg))
        #expect(Hex.encode(SHA256.hash(bytes)) == digest)
    }

    /// Feeding the 896-bit message in every split, and byte by byte, must give the one-shot
    /// digest: this exercises the partial-block buffer at every boundary.
    @Test func incrementalUpdatesMatchOneShot() {
        let m = Array("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu".utf8)
        let expected = "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        for split in 0...m.count {
            var s = SHA256()
            s.update(m[0..<split])
            s.update(m[split...])
            #expect(Hex.encode(s.finalize()) == expected, "split at \(split)")
        }
        var s = SHA256()
        for b in m { s.update(CollectionOfOne(b)) }
        #expect(Hex.encode(s.finalize()) == expected)
    }

    /// Lengths around the 56-byte padding boundary need one or two final blocks.
    @Test func paddingBoundaryLengthsDifferFromEachOther() {
        var seen = Set<String>()
        for n in 54...66 {
            seen.insert(Hex.encode(SHA256.hash([UInt8](repeating: 0x61, count: n))))
        }
        #expect(seen.count == 13)
        // 55 bytes fits one padded block, 56 needs two: both fixed by the reference values.
        #expect(Hex.encode(SHA256.hash([UInt8](repeating: 0x61, count: 55)))
            == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(Hex.encode(SHA256.hash([UInt8](repeating: 0x61, count: 56)))
            == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }

    @Test func hexRoundTripAndRejects() {
        #expect(Hex.decode("00ffA1") == [0x00, 0xff, 0xa1])
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
        #expect(Hex.encode([0x00, 0xff, 0xa1]) == "00ffa1")
        #expect(SHA256.hexHash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
