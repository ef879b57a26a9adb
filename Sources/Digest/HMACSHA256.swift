/// HMAC-SHA256 (RFC 2104, FIPS 198-1): keyed message authentication for webhook signatures.
/// A key longer than the 64-byte block is hashed first; a shorter one is zero-padded.
public struct HMACSHA256: Sendable {
    private var inner: SHA256
    private var outer: SHA256

    public init<Key: Sequence>(key: Key) where Key.Element == UInt8 {
        var k = Array(key)
        if k.count > SHA256.blockByteCount { k = SHA256.hash(k) }
        k.append(contentsOf: repeatElement(0, count: SHA256.blockByteCount - k.count))
        inner = SHA256()
        inner.update(k.map { $0 ^ 0x36 })
        outer = SHA256()
        outer.update(k.map { $0 ^ 0x5c })
    }

    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 { inner.update(bytes) }

    /// The 32-byte tag. The value is spent afterwards.
    public mutating func finalize() -> [UInt8] {
        var o = outer
        o.update(inner.finalize())
        return o.finalize()
    }

    /// One-shot tag of `message` under `key`.
    public static func authenticationCode<M: Sequence, K: Sequence>(for message: M, key: K) -> [UInt8]
    where M.Element == UInt8, K.Element == UInt8 {
        var m = HMACSHA256(key: key)
        m.update(message)
        return m.finalize()
    }

    /// Compares two tags in time that depends only on their lengths, so a caller checking a
    /// signature leaks nothing about how many leading bytes matched.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
