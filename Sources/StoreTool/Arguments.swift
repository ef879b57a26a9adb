/// Tiny `--name value` parser for StoreTool (no dependencies, no Foundation needed).
struct Arguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    let command: String

    init(_ argv: [String]) {
        command = argv.count > 1 ? argv[1] : "help"
        var i = 2
        while i < argv.count {
            let a = argv[i]
            if a.hasPrefix("--") {
                let name = String(a.dropFirst(2))
                if i + 1 < argv.count, !argv[i + 1].hasPrefix("--") {
                    values[name] = argv[i + 1]
                    i += 2
                    continue
                }
                flags.insert(name)
            }
            i += 1
        }
    }

    func string(_ name: String) -> String? { values[name] }
    func int(_ name: String, default d: Int) -> Int { values[name].flatMap { Int($0) } ?? d }
    func double(_ name: String, default d: Double) -> Double { values[name].flatMap { Double($0) } ?? d }
    func flag(_ name: String) -> Bool { flags.contains(name) }
}
