/// The polytask version, reported by `--version` and `GET /_polytask/health`.
enum Version {
    static let current = "0.2.0"
}
