import Glibc

/// Writes a line to stderr with write(2): Glibc's `stderr` global is shared mutable state that
/// strict concurrency will not let us touch.
public func printError(_ text: String) {
    var line = text + "\n"
    line.withUTF8 { p in _ = write(2, p.baseAddress, p.count) }
}
