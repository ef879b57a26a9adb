import Emulator
import Server

/// One command-line option. Every option is also read from the environment variable of the
/// same name (`--max-body-size` → `POLYTASK_MAX_BODY_SIZE`); a flag beats the variable.
struct OptionSpec {
    enum Kind { case string, int, bytes, duration, bool }
    let name: String
    let kind: Kind
    let defaultText: String
    let help: String
    var repeatable = false

    var envName: String { "POLYTASK_" + String(name.uppercased().map { $0 == "-" ? "_" : $0 }) }
}

struct OptionError: Error, CustomStringConvertible {
    var description: String
}

/// Parsed options: raw text per option name (all values for repeatable ones).
struct Options {
    static let specs: [OptionSpec] = [
        // Listening
        OptionSpec(name: "host", kind: .string, defaultText: "127.0.0.1", help: "Address to bind (0.0.0.0, or :: for dual-stack, in containers)"),
        OptionSpec(name: "port", kind: .int, defaultText: "8080", help: "TCP port (0 picks a free one)"),
        OptionSpec(name: "threads", kind: .int, defaultText: "0", help: "Event loops (0 = one per available CPU)"),
        OptionSpec(name: "malloc-arenas", kind: .int, defaultText: "2", help: "glibc malloc arenas at most (0 = glibc's own, 8 per CPU): fewer keep RSS flat as threads come and go"),
        OptionSpec(name: "io", kind: .string, defaultText: IOBackendKind.platformDefault.rawValue,
                   help: "Event-loop backend: " + IOBackendKind.available.map(\.rawValue).joined(separator: " or ")),
        // HTTP limits
        OptionSpec(name: "max-request-line", kind: .bytes, defaultText: "8KiB", help: "Longest request line (414 past it)"),
        OptionSpec(name: "max-header-line", kind: .bytes, defaultText: "64KiB", help: "Longest header line (431 past it)"),
        OptionSpec(name: "max-header-bytes", kind: .bytes, defaultText: "64KiB", help: "All header lines together (431 past it)"),
        OptionSpec(name: "max-header-count", kind: .int, defaultText: "100", help: "Header fields per request (431 past it)"),
        OptionSpec(name: "max-body-size", kind: .bytes, defaultText: "4MiB", help: "Largest request body (413 past it, before reading it)"),
        OptionSpec(name: "max-connections", kind: .int, defaultText: "1024", help: "Open connections (503 and close past it; lowered to fit the open-file limit)"),
        OptionSpec(name: "admin-reserve-connections", kind: .int, defaultText: "8", help: "Connections past --max-connections that serve only /_polytask/ (503 for the rest)"),
        OptionSpec(name: "max-connection-unsent-bytes", kind: .bytes, defaultText: "256KiB", help: "Unsent response bytes after which a connection parses no further pipelined request"),
        OptionSpec(name: "max-unsent-bytes", kind: .bytes, defaultText: "256MiB", help: "Unsent response bytes of all connections; past it, connections holding some parse no more"),
        // HTTP timeouts
        OptionSpec(name: "header-timeout", kind: .duration, defaultText: "10s", help: "Time to receive a request's header section (408 + close)"),
        OptionSpec(name: "body-idle-timeout", kind: .duration, defaultText: "30s", help: "Longest gap between body bytes (408 + close)"),
        OptionSpec(name: "body-timeout", kind: .duration, defaultText: "60s", help: "Time to receive a whole request body, however steadily it comes (408 + close)"),
        OptionSpec(name: "keep-alive-timeout", kind: .duration, defaultText: "60s", help: "Idle keep-alive connections are closed after this"),
        OptionSpec(name: "write-timeout", kind: .duration, defaultText: "30s", help: "A client that accepts no byte of a queued response for this long is closed"),
        OptionSpec(name: "shutdown-timeout", kind: .duration, defaultText: "10s", help: "On SIGTERM/SIGINT, time for in-flight requests before exiting"),
        // Costly routes (dependency graphs, unbounded lists) run off the event loops
        OptionSpec(name: "offload-threads", kind: .int, defaultText: "2", help: "Threads that serve costly routes (graphs, transitive walks) off the event loops"),
        OptionSpec(name: "offload-queue", kind: .int, defaultText: "256", help: "Costly requests waiting for an offload thread (503 in the vendor's shape past it)"),
        // Store
        OptionSpec(name: "db", kind: .string, defaultText: "./polytask.db", help: "SQLite file, or :memory: for an in-memory store"),
        OptionSpec(name: "db-readers", kind: .int, defaultText: "4", help: "Read-only SQLite connections in the pool"),
        OptionSpec(name: "busy-timeout", kind: .duration, defaultText: "5s", help: "SQLite busy timeout"),
        OptionSpec(name: "db-writer-cache", kind: .bytes, defaultText: "1MiB", help: "SQLite page cache of the write connection (the OS page cache serves the rest)"),
        OptionSpec(name: "db-reader-cache", kind: .bytes, defaultText: "1MiB", help: "SQLite page cache of each read connection"),
        OptionSpec(name: "db-mmap", kind: .bytes, defaultText: "0", help: "SQLite mmap_size for file databases (0 = off; mapped pages count in RSS per connection)"),
        OptionSpec(name: "db-exclusive-lock", kind: .bool, defaultText: "true", help: "Lock the db file to this process (faster reads; false lets sqlite3 open it meanwhile)"),
        OptionSpec(name: "sweep-interval", kind: .duration, defaultText: "1s", help: "How often expired tasks are deleted (0 = never; reads hide them anyway)"),
        OptionSpec(name: "sweep-batch", kind: .int, defaultText: "500", help: "Expired tasks deleted per sweeper transaction"),
        OptionSpec(name: "db-checkpoint-pages", kind: .int, defaultText: "4000", help: "WAL pages (4 KiB) after which a background thread checkpoints them (0 = SQLite's own, on the writer)"),
        OptionSpec(name: "read-cache", kind: .bytes, defaultText: "16MiB", help: "Rendered get/list answers kept until the next commit or expiry (0 = off; off with --db-exclusive-lock false)"),
        OptionSpec(name: "group-commit-max", kind: .int, defaultText: "64", help: "Writes grouped into one transaction at most"),
        // Control plane and emulation
        OptionSpec(name: "control-plane", kind: .bool, defaultText: "true", help: "Serve /_polytask/ beyond health and readiness (--no-control-plane turns it off)"),
        OptionSpec(name: "admin-token", kind: .string, defaultText: "", help: "Bearer token for /_polytask/ (required there when --auth strict or the host is not loopback)"),
        OptionSpec(name: "allow-fault-header", kind: .bool, defaultText: "false", help: "Let a request ask for its own fault with x-polytask-fault: status=503 | latency=250 | drop | truncate=20"),
        OptionSpec(name: "journal-size", kind: .int, defaultText: "1000", help: "Requests kept in the request journal (a ring buffer; 0 = off)"),
        OptionSpec(name: "journal-bodies", kind: .bool, defaultText: "false", help: "Keep request and response bodies in the journal"),
        OptionSpec(name: "journal-body-limit", kind: .bytes, defaultText: "4KiB", help: "Bytes of each body the journal keeps"),
        OptionSpec(name: "random-seed", kind: .string, defaultText: "", help: "Seed for every generated id and random choice (unset = system randomness)"),
        OptionSpec(name: "clock", kind: .string, defaultText: "system", help: "Store clock at start: system, frozen (at start time) or frozen:<unix ms>"),
        OptionSpec(name: "log-level", kind: .string, defaultText: "info", help: "debug, info (one JSON line per request), warn, error or off"),
        // Webhooks (the durable outbox's delivery worker)
        OptionSpec(name: "webhook-targets", kind: .string, defaultText: "private", help: "Where webhooks may go: private (loopback and private networks), any, or host1,host2"),
        OptionSpec(name: "webhook-concurrency", kind: .int, defaultText: "4", help: "Webhook deliveries sent at once"),
        OptionSpec(name: "webhook-poll-interval", kind: .duration, defaultText: "100ms", help: "How often the outbox is checked for due deliveries (wall time)"),
        OptionSpec(name: "webhook-retention", kind: .duration, defaultText: "7d", help: "Delivered and undelivered webhooks are forgotten this long after they were queued (0 = never)"),
        // Dialects
        OptionSpec(name: "auth", kind: .string, defaultText: "open", help: "open: any well-formed credential works; strict: only registered ones"),
        OptionSpec(name: "seed", kind: .string, defaultText: "", help: "Seed document to load at start (repeatable; env: paths separated by ':')", repeatable: true),
        OptionSpec(name: "quant-completed-ttl", kind: .duration, defaultText: "30d", help: "Quant: expiresAt = completedAt + this for completed tasks"),
        OptionSpec(name: "quant-graph-max-tasks", kind: .int, defaultText: "10000", help: "Quant: most tasks a dependency graph answers for (500 naming the limit past it)"),
        OptionSpec(name: "amigo-task-ttl", kind: .duration, defaultText: "24h", help: "Amigo: tasks expire (404) this long after creation"),
        OptionSpec(name: "amigo-bootstrap-key", kind: .string, defaultText: "", help: "Amigo: API key accepted in every workspace in --auth strict (printed at start if unset)"),
        OptionSpec(name: "amigo-rate-limit", kind: .int, defaultText: "0", help: "Amigo: requests per minute per workspace (0 = off)"),
        OptionSpec(name: "amigo-lifecycle", kind: .string, defaultText: "manual", help: "Amigo: default task lifecycle: manual, immediate, polls:N, duration:5s"),
        OptionSpec(name: "amigo-by-call-limit", kind: .int, defaultText: "10000", help: "Amigo: memory guard on one by-call list (the vendor returns all of a call's tasks; no real call reaches it)"),
        OptionSpec(name: "agent-task-lifecycle", kind: .string, defaultText: "immediate", help: "Agent-task: default run lifecycle: immediate, polls:N, duration:5s, manual"),
        OptionSpec(name: "agent-task-list-limit", kind: .int, defaultText: "1000", help: "Agent-task: most tasks or agents one list returns"),
        OptionSpec(name: "chamelio-lifecycle", kind: .string, defaultText: "immediate", help: "Chamelio: how automatic workflow steps complete: manual, immediate, polls:N, duration:5s"),
        OptionSpec(name: "chamelio-url-ttl", kind: .duration, defaultText: "1h", help: "Chamelio: how long a file's download_url works"),
        OptionSpec(name: "chamelio-public-url", kind: .string, defaultText: "", help: "Chamelio: scheme://host:port download URLs start with (empty: the request's Host)"),
    ]

    private(set) var values: [String: [String]] = [:]
    private(set) var showHelp = false
    private(set) var showVersion = false

    static func parse(arguments: [String], environment: [String: String]) throws(OptionError) -> Options {
        var o = Options()
        var fromFlags: [String: [String]] = [:]
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if arg == "--help" || arg == "-h" { o.showHelp = true; continue }
            if arg == "--version" { o.showVersion = true; continue }
            guard arg.hasPrefix("--") else { throw OptionError(description: "unexpected argument '\(arg)' (see --help)") }
            var name = String(arg.dropFirst(2))
            var value: String?
            if let eq = name.firstIndex(of: "=") {
                value = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            var spec = specs.first(where: { $0.name == name })
            // `--no-x` for a true/false option `x`.
            if spec == nil, value == nil, name.hasPrefix("no-"), let s = specs.first(where: { $0.name == name.dropFirst(3) && $0.kind == .bool }) {
                spec = s
                name = s.name
                value = "false"
            }
            guard let spec else {
                throw OptionError(description: "unknown option --\(name) (see --help)")
            }
            // A true/false option given alone (`--allow-fault-header`) means true.
            if value == nil, spec.kind == .bool, i >= arguments.count || parseBool(arguments[i]) == nil {
                value = "true"
            }
            if value == nil {
                guard i < arguments.count else { throw OptionError(description: "--\(name) needs a value") }
                value = arguments[i]
                i += 1
            }
            let v = value ?? ""
            try validate(spec, v)
            if spec.repeatable { fromFlags[name, default: []].append(v) } else { fromFlags[name] = [v] }
        }
        for spec in specs {
            if let v = fromFlags[spec.name] {
                o.values[spec.name] = v
            } else if let env = environment[spec.envName] {
                let vs = spec.repeatable ? env.split(separator: ":").map(String.init) : [env]
                for v in vs { try validate(spec, v) }
                o.values[spec.name] = vs
            } else if !spec.defaultText.isEmpty {
                o.values[spec.name] = [spec.defaultText]
            }
        }
        return o
    }

    private static func validate(_ spec: OptionSpec, _ v: String) throws(OptionError) {
        switch spec.kind {
        case .int:
            guard let n = Int(v), n >= 0 else { throw OptionError(description: "--\(spec.name): '\(v)' is not a non-negative integer") }
        case .bytes:
            guard parseBytes(v) != nil else { throw OptionError(description: "--\(spec.name): '\(v)' is not a size (e.g. 4MiB, 64KiB, 1000)") }
        case .duration:
            guard parseMillis(v) != nil else { throw OptionError(description: "--\(spec.name): '\(v)' is not a duration (e.g. 500ms, 10s, 2m, 24h, 30d)") }
        case .bool:
            guard parseBool(v) != nil else { throw OptionError(description: "--\(spec.name): '\(v)' is not true or false") }
        case .string:
            break
        }
        if spec.name == "auth" && v != "open" && v != "strict" {
            throw OptionError(description: "--auth must be open or strict")
        }
        if spec.name == "log-level" && Logger.Level(name: v) == nil {
            throw OptionError(description: "--log-level must be debug, info, warn, error or off")
        }
        if spec.name == "random-seed" && !v.isEmpty && UInt64(v) == nil {
            throw OptionError(description: "--random-seed must be an unsigned integer")
        }
        if spec.name == "clock" && parseClock(v) == nil {
            throw OptionError(description: "--clock must be system, frozen or frozen:<unix ms>")
        }
        if spec.name == "webhook-targets" && TargetPolicy(flag: v) == nil {
            throw OptionError(description: "--webhook-targets must be private, any, or a comma-separated list of hosts")
        }
        if spec.name == "io" && !IOBackendKind.available.contains(where: { $0.rawValue == v }) {
            throw OptionError(description: "--io must be " + IOBackendKind.available.map(\.rawValue).joined(separator: " or "))
        }
    }

    func string(_ name: String) -> String { values[name]?.last ?? "" }
    func strings(_ name: String) -> [String] { values[name] ?? [] }
    func int(_ name: String) -> Int { Int(string(name)) ?? 0 }
    func bytes(_ name: String) -> Int { Self.parseBytes(string(name)) ?? 0 }
    func millis(_ name: String) -> Int64 { Self.parseMillis(string(name)) ?? 0 }
    func bool(_ name: String) -> Bool { Self.parseBool(string(name)) ?? false }

    /// `system` → nil frozen time (`.some(nil)`), `frozen` → frozen now, `frozen:<ms>`.
    enum ClockStart: Equatable { case system, frozenNow, frozen(Int64) }

    static func parseClock(_ s: String) -> ClockStart? {
        switch s.lowercased() {
        case "system", "": return .system
        case "frozen": return .frozenNow
        default:
            guard s.lowercased().hasPrefix("frozen:"), let ms = Int64(s.dropFirst("frozen:".count)) else { return nil }
            return .frozen(ms)
        }
    }

    static func parseBool(_ s: String) -> Bool? {
        switch s.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default: return nil
        }
    }

    /// `4MiB`, `64KiB`, `1MB`, `512` (bytes).
    static func parseBytes(_ s: String) -> Int? {
        let units: [(String, Int)] = [("KiB", 1024), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000),
                                      ("GB", 1_000_000_000), ("K", 1024), ("M", 1 << 20), ("B", 1)]
        for (u, m) in units where s.hasSuffix(u) {
            guard let n = Int(s.dropLast(u.count)), n >= 0 else { return nil }
            return n * m
        }
        guard let n = Int(s), n >= 0 else { return nil }
        return n
    }

    /// `500ms`, `10s`, `2m`, `24h`, `30d`, or plain seconds (`10`, `0.5`).
    static func parseMillis(_ s: String) -> Int64? {
        let units: [(String, Double)] = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000), ("d", 86_400_000)]
        for (u, m) in units where s.hasSuffix(u) {
            guard let n = Double(s.dropLast(u.count)), n >= 0, n.isFinite else { return nil }
            return Int64(n * m)
        }
        guard let n = Double(s), n >= 0, n.isFinite else { return nil }
        return Int64(n * 1000)
    }

    static func helpText(version: String) -> String {
        var out = """
        polytask \(version): four vendors' task APIs (Amigo, QuantCDN, NLA, Chamelio) on one port, over one SQLite store.

        Usage: polytask [options]

        Every option can also be set by the environment variable shown; a flag wins over the variable.
        Sizes take B, KiB, MiB, GiB (or plain bytes); durations take ms, s, m, h, d (or plain seconds).

        """
        let column = 40
        for s in specs {
            let flag = "  --\(s.name) <\(kindName(s.kind))>"
            out += flag + String(repeating: " ", count: max(1, column - flag.count)) + s.help + "\n"
            out += String(repeating: " ", count: column) + "env \(s.envName)" + (s.defaultText.isEmpty ? "" : ", default \(s.defaultText)") + "\n"
        }
        out += "  --help" + String(repeating: " ", count: column - 8) + "This text\n"
        out += "  --version" + String(repeating: " ", count: column - 11) + "Print the version\n"
        return out
    }

    private static func kindName(_ k: OptionSpec.Kind) -> String {
        switch k {
        case .string: return "text"
        case .int: return "n"
        case .bytes: return "size"
        case .duration: return "duration"
        case .bool: return "true|false"
        }
    }
}
