import Glibc

/// Reads fuzz inputs and regression cases with Glibc (no target imports Foundation; see
/// docs/architecture.md). The fuzz targets and the regression tests that replay their findings
/// (Tests/HTTP1Tests, Tests/FuzzTests) share it through this target.
public enum InputFiles {
    /// The whole file, or nil if it cannot be read.
    public static func read(_ path: String) -> [UInt8]? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, f) }
            if n > 0 { out.append(contentsOf: chunk[0..<n]) }
            if n < chunk.count { return ferror(f) == 0 ? out : nil }
        }
    }

    public static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// The names in a folder, without dotfiles, sorted; nil if it cannot be opened.
    public static func list(_ path: String) -> [String]? {
        guard let dir = opendir(path) else { return nil }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        return names.sorted()
    }
}

extension InputFiles {
    /// `folder` next to the source file `filePath` (a test's `#filePath`): the tests always run
    /// from the source tree, so regression folders are found there.
    public static func folder(_ folder: String, nextTo filePath: String) -> String {
        filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/" + folder
    }
}
