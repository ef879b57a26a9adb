import Synchronization

/// The one source of randomness for everything the emulator generates: task ids, API-key
/// secrets, simulated outcomes, fault probabilities. `--random-seed N` makes it a seeded
/// generator, so that a run that makes the same requests in the same order gets the same ids
/// and the same faults (moto's `/moto-api/seed`, MockServer's seeded chaos). Unseeded, it is
/// the system's cryptographic generator.
public final class Randomness: Sendable {
    /// The process-wide source; `seed(_:)` it once at start, before serving.
    public static let shared = Randomness()

    private let seeded = Mutex<SplitMix64?>(nil)

    public init(seed: UInt64? = nil) {
        if let seed { seeded.withLock { $0 = SplitMix64(seed: seed) } }
    }

    /// From now on, draw from a generator seeded with `seed`.
    public func seed(_ seed: UInt64) { seeded.withLock { $0 = SplitMix64(seed: seed) } }

    public var isSeeded: Bool { seeded.withLock { $0 != nil } }

    public func next() -> UInt64 {
        if let v = seeded.withLock({ g -> UInt64? in g?.next() }) { return v }
        var system = SystemRandomNumberGenerator()
        return system.next()
    }

    public func bytes(_ n: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(n + 8)
        while out.count < n {
            var v = next()
            for _ in 0..<8 { out.append(UInt8(truncatingIfNeeded: v)); v >>= 8 }
        }
        return Array(out.prefix(n))
    }

    /// Uniform in `0..<upperBound` (upperBound > 0), without modulo bias.
    public func int(below upperBound: Int) -> Int {
        precondition(upperBound > 0)
        let bound = UInt64(upperBound)
        let threshold = (0 &- bound) % bound
        while true {
            let v = next()
            if v >= threshold { return Int(v % bound) }
        }
    }

    /// Uniform in [0, 1).
    public func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A random (version 4, RFC 9562) UUID in canonical lower-case text.
    public func uuid4() -> String {
        var b = bytes(16)
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        return Self.uuidText(b)
    }

    /// Lower-case hex of `n` random bytes.
    public func hex(_ n: Int) -> String { Self.hexText(bytes(n)) }

    static let digits = Array("0123456789abcdef".utf8)

    static func hexText(_ b: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(b.count * 2)
        for x in b { out.append(digits[Int(x >> 4)]); out.append(digits[Int(x & 0xF)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func uuidText(_ b: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (i, x) in b.enumerated() {
            if i == 4 || i == 6 || i == 8 || i == 10 { out.append(UInt8(ascii: "-")) }
            out.append(digits[Int(x >> 4)]); out.append(digits[Int(x & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast, and every seed gives a full-period,
/// well-mixed stream, which is all an emulator's reproducible ids need.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
