import Store
import Testing
@testable import Quant

@Suite struct SeedOrderTests {
    func rec(_ id: String, _ deps: [String] = [], org: String = "o", title: String = "t") -> TaskRecord {
        TaskRecord(dialect: "quant", tenant: org, id: id, status: "pending", title: title, dependsOn: deps,
                   createdAt: 0, updatedAt: 0)
    }

    func position(_ out: [TaskRecord]) -> [String: Int] {
        var p: [String: Int] = [:]
        for (i, r) in out.enumerated() { p[r.tenant + "/" + r.id + "/" + r.title] = i }
        return p
    }

    @Test func everyTaskComesBeforeItsDependencies() {
        let input = [rec("a"), rec("b", ["a"]), rec("c", ["a", "b"]), rec("d", ["c"]), rec("e"), rec("f", ["missing"])]
        let out = QuantSeedOrder.dependentsFirst(input)
        #expect(out.count == input.count)
        #expect(Set(out.map(\.id)) == Set(input.map(\.id)))
        let p = position(out)
        for r in input {
            for d in r.dependsOn where p["o/\(d)/t"] != nil {
                #expect((p["o/\(r.id)/t"] ?? 0) < (p["o/\(d)/t"] ?? 0), "\(r.id) before \(d)")
            }
        }
    }

    @Test func dependenciesAreMatchedWithinTheOrganisationOnly() {
        let out = QuantSeedOrder.dependentsFirst([rec("a", org: "x"), rec("b", ["a"], org: "y"), rec("a", org: "y")])
        let p = position(out)
        #expect((p["y/b/t"] ?? 9) < (p["y/a/t"] ?? 0))
        #expect(out.count == 3)
    }

    @Test func aDuplicatedIdKeepsTheLastOccurrenceLast() {
        let out = QuantSeedOrder.dependentsFirst([rec("a", title: "first"), rec("b"), rec("a", title: "second")])
        let p = position(out)
        #expect((p["o/a/first"] ?? 9) < (p["o/a/second"] ?? 0))
    }

    @Test func tasksOnACycleAreKeptForTheStoreToReject() {
        let out = QuantSeedOrder.dependentsFirst([rec("a", ["b"]), rec("b", ["a"]), rec("c")])
        #expect(Set(out.map(\.id)) == ["a", "b", "c"])
        #expect(out.count == 3)
    }

    @Test func aSeededCycleFailsTheSeed() throws {
        let h = try QuantHarness()
        #expect(throws: StoreError.self) {
            try h.dialect.seed(["acme": [["taskId": "a", "title": "a", "dependsOn": ["b"]],
                                         ["taskId": "b", "title": "b", "dependsOn": ["a"]]]])
        }
        #expect(h.get(QuantHarness.tasks())["count"] == 0)
    }
}
