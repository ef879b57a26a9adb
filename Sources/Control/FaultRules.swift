import Emulator
import JSON
import Synchronization

/// The fault rules in force, first added first tried. A request takes the first rule that
/// matches it and wins its probability draw; a rule with a count is dropped once spent.
public final class FaultRules: Sendable {
    private struct State {
        var rules: [FaultRule] = []
        var nextID = 1
    }

    private let state = Mutex(State())
    private let randomness: Randomness
    /// Most rules at once (each is small; the bound keeps a runaway script from growing memory).
    public static let maxRules = 1000

    public init(randomness: Randomness = .shared) { self.randomness = randomness }

    public func add(_ json: JSONValue) throws(FaultRuleError) -> FaultRule {
        let id: String = state.withLock { s in
            defer { s.nextID += 1 }
            return "fault-\(s.nextID)"
        }
        let rule = try FaultRule(json: json, id: id)
        let added: Bool = state.withLock { s in
            guard s.rules.count < Self.maxRules else { return false }
            s.rules.removeAll { $0.id == rule.id }
            s.rules.append(rule)
            return true
        }
        guard added else { throw FaultRuleError("at most \(Self.maxRules) fault rules at once; delete some first") }
        return rule
    }

    public var all: [FaultRule] { state.withLock { $0.rules } }

    @discardableResult
    public func remove(id: String) -> Bool {
        state.withLock { s in
            let before = s.rules.count
            s.rules.removeAll { $0.id == id }
            return s.rules.count < before
        }
    }

    public func clear() { state.withLock { $0.rules.removeAll() } }

    public var isEmpty: Bool { state.withLock { $0.rules.isEmpty } }

    /// The action for this request, if a rule takes it (counting the hit).
    func decide(method: String, path: Substring, dialect: String?, route: String?, tenant: String?) -> FaultRule.Action? {
        state.withLock { s -> FaultRule.Action? in
            for i in s.rules.indices where s.rules[i].matches(method: method, path: path, dialect: dialect, route: route, tenant: tenant) {
                let p = s.rules[i].probability
                if p < 1 && !(randomness.unit() < p) { continue }
                s.rules[i].hits += 1
                let action = s.rules[i].action
                if let left = s.rules[i].remaining {
                    if left <= 1 { s.rules.remove(at: i) } else { s.rules[i].remaining = left - 1 }
                }
                return action
            }
            return nil
        }
    }
}
