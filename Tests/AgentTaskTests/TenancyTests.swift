import Emulator
import JSON
import Store
import Testing
@testable import AgentTask

/// Users by API key: registration through the control plane, open and strict modes, isolation.
@Suite struct TenancyTests {
    typealias H = AgentTaskHarness

    @Test func inOpenModeEachUnregisteredKeyIsAUserOfItsOwn() async throws {
        let h = try H()
        let a = await h.createAgent(key: "k1")
        let t = await h.run(a, key: "k1")
        let id = try #require(t["id"]?.stringValue)
        #expect(t["userId"] == .string(AgentTaskKeys.anonymousUser(hash: AgentTaskKeys.hash("k1"))))
        #expect(await h.send("GET", "/api/v1/task/\(id)", headers: H.key("k2")).status == 404)
        #expect(await h.send("DELETE", "/api/v1/task/\(id)", headers: H.key("k2")).status == 404)
        #expect(await h.send("GET", "/api/v1/agent/\(a)", headers: H.key("k2")).status == 404)
        #expect(await h.run(a, key: "k2").status == 404)
        #expect(await h.send("GET", "/api/v1/task", headers: H.key("k2")).json == [])
        #expect(await h.send("GET", "/api/v1/task", headers: H.key("k1")).json.arrayValue?.count == 1)
        // The key itself is stored nowhere: the user is named after its hash.
        #expect(!(try #require(String(data: h.dialect.export(tenant: nil).encoded)).contains("k1\"")))
    }

    @Test func aRegisteredKeyIsItsUsersInBothModesAndKeysOfOneUserShare() async throws {
        for strict in [false, true] {
            let h = try H { $0.auth = strict ? .strict : .open }
            let reg = await h.register("alice", "key-alice")
            #expect(reg.status == 201 && reg["user"] == "alice" && reg["key"] == "key-alice")
            #expect(await h.register("alice", "key-alice-2").status == 201)
            #expect(await h.register("bob", "key-bob").status == 201)
            let a = await h.createAgent(key: "key-alice")
            let t = await h.run(a, key: "key-alice-2")
            #expect(t["userId"] == "alice" && t["user"] == ["id": "alice"])
            #expect(await h.send("GET", "/api/v1/task/\(t["id"]?.stringValue ?? "")", headers: H.key("key-bob")).status == 404)
            let unknown = await h.send("GET", "/api/v1/task", headers: H.key("nobody"))
            #expect(unknown.status == (strict ? 401 : 200))
        }
    }

    @Test func keysAreListedByIdAndRevokedAtOnce() async throws {
        let h = try H { $0.auth = .strict }
        let reg = await h.register("alice", "key-alice")
        let id = try #require(reg["id"]?.stringValue)
        #expect(id == AgentTaskKeys.id(hash: AgentTaskKeys.hash("key-alice")))
        let generated = await h.send("POST", "/_polytask/agentTask/keys", body: #"{"user":"bob"}"#, headers: [])
        #expect(generated.status == 201)
        let bobKey = try #require(generated["key"]?.stringValue)
        #expect(bobKey.hasPrefix("nla_"))
        #expect(await h.send("GET", "/api/v1/task", headers: H.key(bobKey)).status == 200)
        let list = await h.send("GET", "/_polytask/agentTask/keys?user=alice", headers: [])
        #expect(list["keys"]?.arrayValue?.map { $0["id"] } == [.string(id)])
        #expect(!list.text.contains("key-alice"))
        #expect(await h.send("GET", "/_polytask/agentTask/keys", headers: []).json["keys"]?.arrayValue?.count == 2)
        // Another user's key: refused; bad bodies: 400.
        #expect(await h.register("mallory", "key-alice").status == 409)
        #expect(await h.send("POST", "/_polytask/agentTask/keys", body: #"{"user":"a b","key":"k"}"#, headers: []).status == 400)
        #expect(await h.send("POST", "/_polytask/agentTask/keys", body: #"{"user":"a","key":"has space"}"#, headers: []).status == 400)
        #expect(await h.send("DELETE", "/_polytask/agentTask/keys/\(id)", headers: []).status == 204)
        #expect(await h.send("GET", "/api/v1/task", headers: H.key("key-alice")).status == 401)
        #expect(await h.send("DELETE", "/_polytask/agentTask/keys/\(id)", headers: []).status == 404)
    }
}

extension String {
    init?(data: [UInt8]) { self = String(decoding: data, as: UTF8.self) }
}
