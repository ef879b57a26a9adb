@testable import Control
import Emulator
import JSON
import Testing

@Suite struct FaultRuleTests {
    @Test func parsesEachActionAndMatch() throws {
        let r = try FaultRule(json: ["match": ["dialect": "quant", "method": "get", "tenant": "acme"],
                                     "action": ["status": 503, "headers": ["Retry-After": "1"]], "count": 2], id: "f")
        #expect(r.match.method == "GET")
        #expect(r.action == .respond(status: 503, body: nil, headers: [("Retry-After", "1")]))
        #expect(r.remaining == 2)
        #expect(try FaultRule(json: ["action": ["latencyMs": 250]], id: "f").action == .latency(millis: 250))
        #expect(try FaultRule(json: ["action": ["drop": true]], id: "f").action == .drop)
        #expect(try FaultRule(json: ["action": ["truncateBytes": 12]], id: "f").action == .truncate(bytes: 12))
    }

    @Test(arguments: [
        JSONValue.array([]), ["action": ["status": 99]], ["action": [:]], ["match": ["colour": "red"], "action": ["drop": true]],
        ["action": ["drop": true], "probability": 2], ["action": ["drop": true], "count": 0], ["action": ["status": 500], "extra": 1],
        ["action": ["status": 500, "headers": ["Bad Name": "x"]]], ["action": ["status": 500, "headers": ["X": "a\r\nb"]]],
    ])
    func rejectsBadRules(_ json: JSONValue) {
        #expect(throws: FaultRuleError.self) { try FaultRule(json: json, id: "f") }
    }

    @Test func headerShortForms() {
        #expect(FaultRule.header("status=503") == .respond(status: 503, body: nil, headers: []))
        #expect(FaultRule.header(" latency = 40 ") == .latency(millis: 40))
        #expect(FaultRule.header("drop") == .drop)
        #expect(FaultRule.header("truncate=3") == .truncate(bytes: 3))
        #expect(FaultRule.header("status=9000") == nil)
        #expect(FaultRule.header("explode") == nil)
    }

    @Test func countsAreSpentThenTheRuleGoes() throws {
        let rules = FaultRules(randomness: Randomness(seed: 1))
        _ = try rules.add(["match": ["tenant": "a"], "action": ["status": 500], "count": 2])
        func hit(_ tenant: String) -> FaultRule.Action? {
            rules.decide(method: "GET", path: "/x", dialect: "quant", route: nil, tenant: tenant)
        }
        #expect(hit("b") == nil)
        #expect(hit("a") != nil)
        #expect(rules.all.first?.remaining == 1)
        #expect(hit("a") != nil)
        #expect(hit("a") == nil)
        #expect(rules.all.isEmpty)
    }

    @Test func probabilityIsReproducibleUnderASeed() throws {
        func run() throws -> [Bool] {
            let rules = FaultRules(randomness: Randomness(seed: 42))
            _ = try rules.add(["action": ["status": 500], "probability": 0.5])
            return (0..<64).map { _ in rules.decide(method: "GET", path: "/", dialect: nil, route: nil, tenant: nil) != nil }
        }
        let a = try run(), b = try run()
        #expect(a == b)
        #expect(a.contains(true) && a.contains(false))
    }

    @Test func firstMatchingRuleWinsAndRulesCanBeRemoved() throws {
        let rules = FaultRules()
        let first = try rules.add(["match": ["pathPrefix": "/api"], "action": ["status": 502]])
        _ = try rules.add(["action": ["status": 503]])
        #expect(rules.decide(method: "GET", path: "/api/x", dialect: nil, route: nil, tenant: nil) == .respond(status: 502, body: nil, headers: []))
        #expect(rules.decide(method: "GET", path: "/v1/x", dialect: nil, route: nil, tenant: nil) == .respond(status: 503, body: nil, headers: []))
        #expect(rules.remove(id: first.id))
        #expect(!rules.remove(id: first.id))
        #expect(rules.decide(method: "GET", path: "/api/x", dialect: nil, route: nil, tenant: nil) == .respond(status: 503, body: nil, headers: []))
    }
}
