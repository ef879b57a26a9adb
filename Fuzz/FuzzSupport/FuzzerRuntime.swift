import Glibc

/// Finds libFuzzer's driver in this executable, if the build linked it in. Shared by every
/// fuzz target (ParserFuzz, JSONFuzz, SeedFuzz, RouterFuzz): each defines its own
/// `LLVMFuzzerTestOneInput` and passes a pointer to it, taken in the file that defines it.
///
/// `swift build -Xswiftc -sanitize=fuzzer,address` links libFuzzer, but SwiftPM points `main` at
/// the executable target's own entry point (it renames it so that tests can link executables),
/// so libFuzzer's `main` never runs, and `LLVMFuzzerRunDriver` is not in the dynamic symbol table
/// where `dlsym` would see it. So the entry point looks the driver up in its own ELF symbol table:
/// present means a fuzzer build (run libFuzzer), absent means a plain build (replay files).
/// This keeps one target and one source tree for `swift build`, `swift build -c release` and the
/// sanitizer build, with no compile-time flag to remember. (A `-c release` sanitizer build links
/// with --gc-sections, which drops the unreferenced driver: Fuzz/run.sh adds
/// `-Xlinker --undefined=LLVMFuzzerRunDriver` to keep it; a debug build needs nothing.)
public enum FuzzerRuntime {
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    public typealias Driver = @convention(c) (UnsafeMutablePointer<CInt>,
                                       UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                                       TestOneInput) -> CInt

    /// `entry`: the target's own `LLVMFuzzerTestOneInput`; where it is loaded gives the load bias.
    public static func driver(entry: TestOneInput) -> Driver? {
        guard let image = readSelf(),
              let driver = symbolValue("LLVMFuzzerRunDriver", in: image), driver != 0,
              let entryInFile = symbolValue("LLVMFuzzerTestOneInput", in: image), entryInFile != 0 else { return nil }
        // The load bias (PIE) is where our own entry point is minus where the file says it is.
        let entryAddress = UInt(bitPattern: unsafeBitCast(entry, to: Int.self))
        let address = entryAddress &- UInt(entryInFile) &+ UInt(driver)
        guard let pointer = UnsafeRawPointer(bitPattern: address) else { return nil }
        return unsafeBitCast(pointer, to: Driver.self)
    }

    private static func readSelf() -> [UInt8]? {
        guard let f = fopen("/proc/self/exe", "rb") else { return nil }
        defer { fclose(f) }
        guard fseek(f, 0, SEEK_END) == 0 else { return nil }
        let size = ftell(f)
        guard size > 64, fseek(f, 0, SEEK_SET) == 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: size)
        let read = bytes.withUnsafeMutableBytes { fread($0.baseAddress, 1, size, f) }
        return read == size ? bytes : nil
    }

    /// `st_value` of a defined symbol in the ELF64 little-endian `.symtab`, if there is one.
    private static func symbolValue(_ name: String, in b: [UInt8]) -> UInt64? {
        func u(_ at: Int, _ width: Int) -> UInt64? {
            guard at >= 0, at + width <= b.count else { return nil }
            var v: UInt64 = 0
            for i in (0..<width).reversed() { v = v << 8 | UInt64(b[at + i]) }
            return v
        }
        // "\x7fELF", ELFCLASS64, little-endian.
        guard b[0] == 0x7F, b[1] == 0x45, b[2] == 0x4C, b[3] == 0x46, b[4] == 2, b[5] == 1,
              let shoff = u(0x28, 8), let shentsize = u(0x3A, 2), let shnum = u(0x3C, 2) else { return nil }
        let target = Array(name.utf8)
        for s in 0..<Int(shnum) {
            let sh = Int(shoff) + s * Int(shentsize)
            guard let type = u(sh + 4, 4), type == 2,   // SHT_SYMTAB
                  let off = u(sh + 0x18, 8), let size = u(sh + 0x20, 8), let link = u(sh + 0x28, 4),
                  let entsize = u(sh + 0x38, 8), entsize >= 24 else { continue }
            let strSh = Int(shoff) + Int(link) * Int(shentsize)
            guard let strOff = u(strSh + 0x18, 8), let strSize = u(strSh + 0x20, 8) else { continue }
            var sym = Int(off)
            while sym + 24 <= Int(off + size) {
                defer { sym += Int(entsize) }
                guard let nameOff = u(sym, 4), let shndx = u(sym + 6, 2), shndx != 0, nameOff < strSize else { continue }
                let start = Int(strOff + nameOff)
                guard start + target.count < b.count, b[start + target.count] == 0 else { continue }
                if b[start..<(start + target.count)].elementsEqual(target) { return u(sym + 8, 8) }
            }
        }
        return nil
    }
}

extension FuzzerRuntime {
    /// A fuzz target's `main`: libFuzzer over `entry` in a -sanitize=fuzzer build, otherwise the
    /// files given as arguments replayed through `check` (see `driver(entry:)` for why at run time).
    public static func main(name: String, entry: TestOneInput, check: ([UInt8]) -> [String]) -> Never {
        if let driver = driver(entry: entry) {
            var argc = CommandLine.argc
            var argv = CommandLine.unsafeArgv
            exit(driver(&argc, &argv, entry))
        }
        exit(Replay.run(Array(CommandLine.arguments.dropFirst()), name: name, check: check))
    }

    /// The body of every `LLVMFuzzerTestOneInput`: one input through the target's oracle. A
    /// violation prints what broke and aborts, which libFuzzer records as a crash and saves.
    public static func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int, name: String,
                                    check: ([UInt8]) -> [String]) -> CInt {
        let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        let violations = check(input)
        if !violations.isEmpty {
            for v in violations { printError("\(name) violation: \(v)") }
            abort()
        }
        return 0
    }
}
