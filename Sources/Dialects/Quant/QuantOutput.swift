import JSON

/// The byte buffer the get/list hot path renders into. Unlike `JSONWriter` it keeps no
/// container state: the renderer knows the shape, so constant fragments such as
/// `,"status":` go in with one memcpy each and only string values are scanned for escapes.
/// In a release micro-benchmark this cut the rendering of a 50-task list by about 40 %.
struct QuantOutput {
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// A constant JSON fragment (keys, punctuation), written as is.
    mutating func raw(_ s: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    mutating func int(_ i: Int64) { JSONWriter.appendInt(i, to: &bytes) }

    /// A JSON string: quoted, with `"`, `\` and control characters escaped as `JSONWriter` does.
    mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { buf in
            var start = 0
            for i in 0..<buf.count {
                let c = buf[i]
                if c >= 0x20 && c != 0x22 && c != 0x5C { continue }
                if start < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<i])) }
                switch c {
                case 0x22: bytes.append(0x5C); bytes.append(0x22)
                case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
                case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
                case 0x0D: bytes.append(0x5C); bytes.append(0x72)
                case 0x09: bytes.append(0x5C); bytes.append(0x74)
                case 0x08: bytes.append(0x5C); bytes.append(0x62)
                case 0x0C: bytes.append(0x5C); bytes.append(0x66)
                default:
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, Self.hex[Int(c >> 4)], Self.hex[Int(c & 0xF)]])
                }
                start = i + 1
            }
            if start < buf.count { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[start..<buf.count])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// `["a","b"]`.
    mutating func strings(_ a: [String]) {
        bytes.append(UInt8(ascii: "["))
        for (i, s) in a.enumerated() {
            if i > 0 { bytes.append(UInt8(ascii: ",")) }
            string(s)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Splices the members of a stored compact object text (`{...}`, as `QuantTask` writes
    /// it) into the object being written, after its earlier members: `,<members>`, or
    /// nothing for `{}`. One memcpy, no parsing.
    mutating func splice(_ json: String) {
        var s = json
        s.withUTF8 { buf in
            guard buf.count > 2 else { return }
            bytes.append(UInt8(ascii: ","))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[1..<(buf.count - 1)]))
        }
    }
}
