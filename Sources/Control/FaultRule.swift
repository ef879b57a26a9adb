import HTTP1
import JSON

/// One fault rule: which requests it matches, what it does to them, how often.
///
///     {"match": {"dialect": "quant", "method": "GET", "route": "/api/v3/.../{taskId}",
///                "pathPrefix": "/api/v3/organizations/acme/", "tenant": "acme"},
///      "action": {"status": 503, "body": {...}, "headers": {...}}
///              | {"latencyMs": 250} | {"drop": true} | {"truncateBytes": 20},
///      "probability": 0.5, "count": 3}
///
/// Every `match` field given must hold (an empty match takes every vendor request).
/// `probability` (default 1) is drawn from the emulator's randomness, so `--random-seed`
/// makes a run's faults reproducible; `count` (default unlimited) is how many requests the
/// rule may still hit.
public struct FaultRule: Sendable, Equatable {
    public struct Match: Sendable, Equatable {
        public var dialect: String?
        public var method: String?
        public var route: String?
        public var pathPrefix: String?
        public var tenant: String?
    }

    public enum Action: Sendable, Equatable {
        /// Answer with this status; nil body: the message in the route's vendor error shape.
        case respond(status: Int, body: JSONValue?, headers: [(String, String)])
        /// Serve normally, after a delay.
        case latency(millis: Int)
        /// Close the connection without an answer.
        case drop
        /// Send the first N bytes of the real answer, then close.
        case truncate(bytes: Int)

        public static func == (a: Action, b: Action) -> Bool {
            switch (a, b) {
            case let (.respond(s1, b1, h1), .respond(s2, b2, h2)):
                return s1 == s2 && b1 == b2 && h1.count == h2.count && zip(h1, h2).allSatisfy { $0 == $1 }
            case let (.latency(x), .latency(y)): return x == y
            case (.drop, .drop): return true
            case let (.truncate(x), .truncate(y)): return x == y
            default: return false
            }
        }
    }

    public var id: String
    public var match: Match
    public var action: Action
    public var probability: Double
    /// Hits left; nil: unlimited.
    public var remaining: Int?
    /// Requests it has hit so far.
    public var hits: Int = 0

    func matches(method: String, path: Substring, dialect: String?, route: String?, tenant: String?) -> Bool {
        if let d = match.dialect, d != dialect { return false }
        if let m = match.method, m != method { return false }
        if let r = match.route, r != route { return false }
        if let t = match.tenant, t != tenant { return false }
        if let p = match.pathPrefix, !path.hasPrefix(p) { return false }
        return true
    }

    /// Parses a rule from the control route's body (a ControlError names what is wrong).
    init(json v: JSONValue, id: String) throws(FaultRuleError) {
        guard let o = v.objectValue else { throw FaultRuleError("a fault rule must be a JSON object") }
        for k in o.keys where !["match", "action", "probability", "count", "id"].contains(k) {
            throw FaultRuleError("unknown field \"\(k)\" (a rule has match, action, probability, count)")
        }
        self.id = o["id"]?.stringValue ?? id
        var m = Match()
        if let mv = o["match"] {
            guard let mo = mv.objectValue else { throw FaultRuleError("match must be an object") }
            for (k, val) in mo {
                guard let s = val.stringValue else { throw FaultRuleError("match.\(k) must be a string") }
                switch k {
                case "dialect": m.dialect = s
                case "method": m.method = s.uppercased()
                case "route": m.route = s
                case "pathPrefix": m.pathPrefix = s
                case "tenant": m.tenant = s
                default: throw FaultRuleError("unknown match field \"\(k)\" (dialect, method, route, pathPrefix, tenant)")
                }
            }
        }
        match = m
        guard let a = o["action"]?.objectValue else {
            throw FaultRuleError("action is required: {\"status\":503} | {\"latencyMs\":250} | {\"drop\":true} | {\"truncateBytes\":20}")
        }
        if let s = a["status"] {
            guard let status = s.intValue, (100...599).contains(status) else { throw FaultRuleError("action.status must be an HTTP status 100-599") }
            var headers: [(String, String)] = []
            if let h = a["headers"] {
                guard let ho = h.objectValue else { throw FaultRuleError("action.headers must be an object of strings") }
                for k in ho.keys.sorted() {
                    guard let hv = ho[k]?.stringValue, HTTPHeaders.isValidName(k), HTTPHeaders.isValidValue(hv) else {
                        throw FaultRuleError("action.headers.\(k) must be a valid header name and string value")
                    }
                    headers.append((k, hv))
                }
            }
            action = .respond(status: Int(status), body: a["body"], headers: headers)
        } else if let l = a["latencyMs"] {
            guard let ms = l.intValue, ms >= 0, ms <= 600_000 else { throw FaultRuleError("action.latencyMs must be 0-600000") }
            action = .latency(millis: Int(ms))
        } else if a["drop"]?.boolValue == true {
            action = .drop
        } else if let t = a["truncateBytes"] {
            guard let n = t.intValue, n >= 0 else { throw FaultRuleError("action.truncateBytes must be >= 0") }
            action = .truncate(bytes: Int(n))
        } else {
            throw FaultRuleError("action must have status, latencyMs, drop or truncateBytes")
        }
        if let p = o["probability"] {
            guard let d = p.doubleValue, d >= 0, d <= 1 else { throw FaultRuleError("probability must be a number from 0 to 1") }
            probability = d
        } else {
            probability = 1
        }
        if let c = o["count"], !c.isNull {
            guard let n = c.intValue, n >= 1 else { throw FaultRuleError("count must be an integer >= 1 (or null: unlimited)") }
            remaining = Int(n)
        }
    }

    /// The `x-polytask-fault` header's short form: `status=503`, `latency=250`, `drop`,
    /// `truncate=20` (one action, applied to this request only).
    static func header(_ value: String) -> Action? {
        let parts = value.trimmingSpaces.split(separator: "=", maxSplits: 1).map { String($0.trimmingSpaces) }
        switch (parts.first?.lowercased(), parts.count) {
        case ("drop"?, 1): return .drop
        case ("status"?, 2):
            guard let s = Int(parts[1]), (100...599).contains(s) else { return nil }
            return .respond(status: s, body: nil, headers: [])
        case ("latency"?, 2):
            guard let ms = Int(parts[1]), ms >= 0, ms <= 600_000 else { return nil }
            return .latency(millis: ms)
        case ("truncate"?, 2):
            guard let n = Int(parts[1]), n >= 0 else { return nil }
            return .truncate(bytes: n)
        default: return nil
        }
    }

    var json: JSONValue {
        var m: [String: JSONValue] = [:]
        if let d = match.dialect { m["dialect"] = .string(d) }
        if let x = match.method { m["method"] = .string(x) }
        if let r = match.route { m["route"] = .string(r) }
        if let p = match.pathPrefix { m["pathPrefix"] = .string(p) }
        if let t = match.tenant { m["tenant"] = .string(t) }
        let a: JSONValue
        switch action {
        case .respond(let status, let body, let headers):
            var o: [String: JSONValue] = ["status": .int(Int64(status))]
            if let body { o["body"] = body }
            if !headers.isEmpty { o["headers"] = .object(Dictionary(uniqueKeysWithValues: headers.map { ($0.0, JSONValue.string($0.1)) })) }
            a = .object(o)
        case .latency(let ms): a = ["latencyMs": .int(Int64(ms))]
        case .drop: a = ["drop": true]
        case .truncate(let n): a = ["truncateBytes": .int(Int64(n))]
        }
        return ["id": .string(id), "match": .object(m), "action": a, "probability": .double(probability),
                "count": remaining.map { .int(Int64($0)) } ?? .null, "hits": .int(Int64(hits))]
    }
}

public struct FaultRuleError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ d: String) { description = d }
}
