import Store
import Testing
@testable import Quant

@Suite struct SeedOrderTests {
    typealias Item = QuantSeedOrder.Item

    func item(_ id: String?, _ deps: [String] = [], org: String = "o") -> Item {
        Item(tenant: org, id: id, dependsOn: deps)
    }

    @Test func everyTaskComesAfterItsDependencies() {
        let input = [item("a"), item("b", ["a"]), item("c", ["a", "b"]), item("d", ["c"]), item("e"), item("f", ["missing"]), item(nil, ["a"])]
        let order = QuantSeedOrder.dependenciesFirst(input)
        #expect(order.sorted() == Array(input.indices))
        var pos: [String: Int] = [:]
        for (p, i) in order.enumerated() { if let id = input[i].id { pos[id] = p } }
        for (i, it) in input.enumerated() {
            let me = order.firstIndex(of: i) ?? -1
            for d in it.dependsOn { if let dp = pos[d] { #expect(me > dp, "\(it.id ?? "new") after \(d)") } }
        }
    }

    @Test func dependenciesAreMatchedWithinTheOrganisationOnly() {
        let input = [item("b", ["a"], org: "y"), item("a", org: "x"), item("a", org: "y")]
        let order = QuantSeedOrder.dependenciesFirst(input)
        #expect(order.sorted() == [0, 1, 2])
        #expect((order.firstIndex(of: 2) ?? 9) < (order.firstIndex(of: 0) ?? 0))
        #expect((order.firstIndex(of: 1) ?? 9) < (order.firstIndex(of: 0) ?? 0), "x's a keeps its file place")
    }

    @Test func aDuplicatedIdKeepsTheLastOccurrenceLast() {
        let order = QuantSeedOrder.dependenciesFirst([item("a"), item("b"), item("a")])
        #expect(order.sorted() == [0, 1, 2])
        #expect((order.firstIndex(of: 0) ?? 9) < (order.firstIndex(of: 2) ?? 0))
    }

    @Test func independentTasksKeepTheFileOrder() {
        #expect(QuantSeedOrder.dependenciesFirst([item("c"), item("a"), item("b")]) == [0, 1, 2])
        #expect(QuantSeedOrder.dependenciesFirst([item("b", ["a"]), item("a")]) == [1, 0])
    }

    @Test func tasksOnACycleAreKeptForTheStoreToReject() {
        let order = QuantSeedOrder.dependenciesFirst([item("a", ["b"]), item("b", ["a"]), item("c"), item("s", ["s"])])
        #expect(order.sorted() == [0, 1, 2, 3])
    }

    @Test func aSeededCycleFailsTheSeedAndLoadsNothing() throws {
        let h = try QuantHarness()
        #expect(throws: StoreError.self) {
            try h.dialect.seed(["acme": [["taskId": "a", "title": "a", "dependsOn": ["b"]],
                                         ["taskId": "b", "title": "b", "dependsOn": ["a"]],
                                         ["taskId": "c", "title": "c"]]])
        }
        #expect(h.get(QuantHarness.tasks())["count"] == 0)
    }
}
