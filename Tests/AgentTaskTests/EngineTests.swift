import Emulator
import JSON
import Testing
@testable import AgentTask

/// The pure engine: templates, the walk of a prompt chain, required inputs, the lifecycle rule.
@Suite struct EngineTests {
    static func chain(_ json: String) throws -> [ChainNode] {
        try #require(JSONParser.parse(json).arrayValue).compactMap(ChainNode.init)
    }

    static func agent(_ json: String) throws -> AgentDefinition {
        let fields = try AgentFields.parse(JSONParser.parse(json)).get()
        return AgentDefinition(id: "a1", userId: "alice", fields: fields, createdAt: 0)
    }

    @Test func templateFieldsAndRendering() {
        #expect(Template.fields("### {context} ### {prompt} {context}") == ["context", "prompt"])
        #expect(Template.fields(#"Respond in JSON: {"characters": ["Alex"]} and {a1_b}"#) == ["a1_b"])
        #expect(Template.fields("{} {1x} {x-y} {ok") == [])
        #expect(Template.render("Hi {name}, {missing} stays", ["name": "Ada"]) == "Hi Ada, {missing} stays")
        #expect(Template.render("{a}{a}", ["a": "{a}"]) == "{a}{a}")  // one pass: a value is never re-read
        #expect(Template.render("é {x} ü", ["x": "ß"]) == "é ß ü")
    }

    @Test func theDesignDocsChainWalksEveryNodeAndReturnsTheContext() throws {
        let a = try Self.agent(AgentTaskHarness.storyAgent)
        let plan = RunPlan.make(chain: a.chain, variables: a.fields.variables, input: ["prompt": "Write a nice story"], failure: nil)
        #expect(plan.steps == ["Sypnosis: Running", "character dev: Running", "Return: Running"])
        #expect(plan.outcome == .complete)
        #expect(plan.errorLine == nil)
        #expect(plan.output == [RunPlan.Entry(key: "context",
                                              value: "[character dev] ### [Sypnosis] Write a nice story ### Write a nice story")])
    }

    @Test func nodesAfterTheFirstReturnNeverRunAndOtherTypesPassThrough() throws {
        let chain = try Self.chain(#"""
        [{"type":"prompt","name":"A","user":"{x}","output":"a"},
         {"type":"parser","name":"P","rawData":"{a}"},
         {"type":"return","name":"R","output":["a","x","nope","a"]},
         {"type":"prompt","name":"Never","user":"late","output":"a"}]
        """#)
        let plan = RunPlan.make(chain: chain, variables: [:], input: ["x": "1"], failure: nil)
        #expect(plan.steps == ["A: Running", "P: Running", "R: Running"])
        // Duplicates once, unknown keys left out (only a seeded run can lack one).
        #expect(plan.output.map(\.key) == ["a", "x"])
        #expect(plan.output.map(\.value) == ["[A] 1", "1"])
    }

    @Test func aChainWithoutReturnCompletesWithAnEmptyOutput() throws {
        let chain = try Self.chain(#"[{"type":"prompt","name":"Only","system":"s {v}","output":"o"}]"#)
        let plan = RunPlan.make(chain: chain, variables: ["v": "1"], input: [:], failure: nil)
        #expect(plan.steps == ["Only: Running"])
        #expect(plan.outcome == .complete && plan.output.isEmpty)
    }

    @Test func failureStopsAtTheNamedNodeOrTheFirstPromptNode() throws {
        let a = try Self.agent(AgentTaskHarness.storyAgent)
        let named = RunPlan.make(chain: a.chain, variables: a.fields.variables, input: ["prompt": "p"],
                                 failure: RunPlan.Failure(node: "character dev", message: "LLM quota exceeded"))
        #expect(named.steps == ["Sypnosis: Running", "character dev: Running"])
        #expect(named.outcome == .error)
        #expect(named.errorLine == "character dev: Error: LLM quota exceeded")
        #expect(named.output.isEmpty)
        let first = RunPlan.make(chain: a.chain, variables: a.fields.variables, input: [:], failure: RunPlan.Failure(node: "no such node"))
        #expect(first.steps == ["Sypnosis: Running"])
        #expect(first.errorLine == "Sypnosis: Error: Simulated failure")
        let onlyReturn = try Self.chain(#"[{"type":"return","name":"R","output":"x"}]"#)
        #expect(RunPlan.make(chain: onlyReturn, variables: [:], input: [:], failure: RunPlan.Failure()).errorLine == "R: Error: Simulated failure")
    }

    @Test func cannedResponsesReplaceTheSimulatedCompletion() throws {
        let a = try Self.agent(AgentTaskHarness.storyAgent)
        let plan = RunPlan.make(chain: a.chain, variables: a.fields.variables, input: ["prompt": "p"], failure: nil,
                                responses: ["character dev": "Alice and Bob"])
        #expect(plan.output == [RunPlan.Entry(key: "context", value: "Alice and Bob")])
    }

    @Test func requiredInputsAreFieldsReadBeforeAnythingProducesThem() throws {
        // prompt is declared empty: required. context is declared empty but produced by the
        // first node before the second reads it: not required. genre and replicateAPI have defaults.
        #expect(try Self.agent(AgentTaskHarness.storyAgent).requiredInputs == ["prompt"])
        let a = try Self.agent(#"""
        {"name":"n","variables":{"tone":"dry"},
         "promptChain":[{"type":"prompt","name":"A","system":"{tone} {lang}","user":"{topic} {a}","output":"a"},
                        {"type":"prompt","name":"B","user":"{a} {topic}","output":"b"},
                        {"type":"return","name":"R","output":["b","extra","tone"]}]}
        """#)
        // `a` is read by A before A produces it; `extra` is returned but never produced or declared.
        #expect(a.requiredInputs == ["lang", "topic", "a", "extra"])
    }

    @Test func theWorkflowSchemaListsInputsWithDefaults() throws {
        let a = try Self.agent(AgentTaskHarness.storyAgent)
        let v = try JSONParser.parse(a.schemaJSON)
        #expect(v["agentId"] == "a1")
        #expect(v["input"]?["required"] == ["prompt"])
        #expect(v["input"]?["properties"]?["genre"] == ["type": "string", "default": "Science fiction"])
        #expect(v["input"]?["properties"]?["prompt"] == ["type": "string"])
    }

    @Test func agentValidationNamesTheField() throws {
        func error(_ json: String) throws -> String? {
            if case .failure(let e) = AgentFields.parse(try JSONParser.parse(json)) { return e.description }
            return nil
        }
        #expect(try error("[]") == "The agent must be a JSON object")
        #expect(try error(#"{"promptChain":[]}"#) == "name is required: a non-empty string")
        #expect(try error(#"{"name":"n"}"#) == "promptChain is required: a non-empty array of nodes")
        #expect(try error(#"{"name":"n","variables":{"k":1},"promptChain":[{"type":"return","name":"R"}]}"#) == "variables.k must be a string, got integer")
        #expect(try error(#"{"name":"n","promptChain":[{"type":"prompt","name":"A"}]}"#)?.hasPrefix("promptChain[0].output is required") == true)
        #expect(try error(#"{"name":"n","promptChain":[{"type":"return","name":"R","output":[1]}]}"#)?.hasPrefix("promptChain[0].output of a return node") == true)
        #expect(try error(#"{"name":"n","promptChain":[{"name":"R"}]}"#)?.hasPrefix("promptChain[0].type is required") == true)
        #expect(try error(#"{"name":"n","id":"has space","promptChain":[{"type":"return","name":"R"}]}"#)?.hasPrefix("id must be") == true)
        #expect(try error(#"{"name":"n","description":null,"variables":null,"promptChain":[{"type":"return","name":"R"}]}"#) == nil)
    }

    @Test func pollsRevealStepsInProportionAndEndOnTheNthPoll() {
        let plan = RunPlan(steps: ["A: Running", "B: Running", "C: Running", "R: Running"], outcome: .complete, errorLine: nil, output: [])
        var s = RunState(plan: plan, mode: .afterPolls(3), callback: nil)
        RunLifecycle.applyCreate(&s, createdAt: 0)
        #expect(s.done == 0 && s.status == "running")
        var seen: [Int] = []
        for _ in 0..<4 {
            RunLifecycle.applyRead(&s, createdAt: 0, now: 0)
            seen.append(s.done)
        }
        #expect(seen == [1, 2, 4, 4])
        #expect(s.polls == 3)  // a finished run is no longer polled
        #expect(s.status == "complete" && s.logs == plan.steps)
    }

    @Test func durationRevealsStepsOnTheClockAndEndsAtTheDuration() {
        let plan = RunPlan(steps: ["A: Running", "B: Running", "R: Running"], outcome: .error, errorLine: "B: Error: x", output: [])
        var s = RunState(plan: plan, mode: .afterDuration(millis: 3000), callback: nil)
        RunLifecycle.applyCreate(&s, createdAt: 1000)
        #expect(s.done == 0)
        #expect(!RunLifecycle.readChanges(s, createdAt: 1000, now: 1999))
        #expect(RunLifecycle.readChanges(s, createdAt: 1000, now: 2000))
        RunLifecycle.applyRead(&s, createdAt: 1000, now: 2000)
        #expect(s.done == 1 && s.logs == ["A: Running"])
        RunLifecycle.applyRead(&s, createdAt: 1000, now: 3999)
        #expect(s.done == 2)
        RunLifecycle.applyRead(&s, createdAt: 1000, now: 4000)
        #expect(s.finished && s.status == "error" && s.logs == ["A: Running", "B: Running", "R: Running", "B: Error: x"])
        #expect(RunLifecycle.scheduledEnd(s, createdAt: 1000) == 4000)
        var zero = RunState(plan: plan, mode: .afterDuration(millis: 0), callback: nil)
        RunLifecycle.applyCreate(&zero, createdAt: 5)
        #expect(zero.finished)
    }

    @Test func immediateEndsAtCreationAndManualOnlyByAdvance() {
        let plan = RunPlan(steps: ["A: Running", "R: Running"], outcome: .complete, errorLine: nil, output: [RunPlan.Entry(key: "k", value: "v")])
        var i = RunState(plan: plan, mode: .immediate, callback: nil)
        RunLifecycle.applyCreate(&i, createdAt: 0)
        #expect(i.finished && i.output == plan.output)
        var m = RunState(plan: plan, mode: .manual, callback: nil)
        RunLifecycle.applyCreate(&m, createdAt: 0)
        #expect(!RunLifecycle.readChanges(m, createdAt: 0, now: 1_000_000))
        #expect(!RunLifecycle.applyRead(&m, createdAt: 0, now: 1_000_000))
        #expect(RunLifecycle.advance(&m) && m.logs == ["A: Running"] && m.output.isEmpty)
        #expect(RunLifecycle.advance(&m) && m.finished)
        #expect(!RunLifecycle.advance(&m))
    }

    @Test func runStateSurvivesItsStoredForm() throws {
        let plan = RunPlan(steps: ["A: Running"], outcome: .error, errorLine: "A: Error: boom",
                           output: [RunPlan.Entry(key: "z", value: "1"), RunPlan.Entry(key: "a", value: "2")])
        let s = RunState(plan: plan, mode: .afterPolls(2), done: 0, polls: 1, callback: "https://example.com/cb")
        #expect(try RunState(json: JSONParser.parse(s.jsonText)) == s)
        #expect(throws: AgentFieldError.self) { try RunState(json: ["plan": ["steps": [1]]]) }
    }

    @Test func callbackTargetsCarryTheTaskID() {
        #expect(RunCallback.target(callback: "https://myapp.com/api/v1/callback/2100aaa", taskID: "t-1") ==
                "https://myapp.com/api/v1/callback/2100aaa?taskId=t-1")
        #expect(RunCallback.target(callback: "http://h/cb?x=1", taskID: "a b") == "http://h/cb?x=1&taskId=a%20b")
        #expect(RunCallback.target(callback: "http://h/cb?#frag", taskID: "t") == "http://h/cb?taskId=t")
        #expect(RunCallback.isValid("https://myapp.com/cb"))
        #expect(RunCallback.isValid("HTTP://127.0.0.1:9000/x"))
        for bad in ["ftp://h/x", "http://", "https:///path", "http://h/a b", "myapp.com/cb", ""] {
            #expect(!RunCallback.isValid(bad), "\(bad)")
        }
    }

    @Test func javaScriptNumbersInStoredDocuments() {
        #expect(JSStringify.text(["t": 1.0, "small": 1e-7, "big": 1e21, "n": .int(2000), "x": 0.7]) ==
                #"{"big":1e+21,"n":2000,"small":1e-7,"t":1,"x":0.7}"#)
        #expect(JSStringify.scalarText(.double(0.5)) == "0.5")
        #expect(JSStringify.scalarText(.bool(false)) == "false")
        #expect(JSStringify.scalarText(.array([])) == nil)
    }

    @Test func usersAndIDs() {
        #expect(UserID.isValid("alice") && UserID.isValid("a.b+c@x.io") && UserID.isValid("key_0123456789ab"))
        #expect(!UserID.isValid("") && !UserID.isValid("a b") && !UserID.isValid("a/b") && !UserID.isValid("a:b")
                && !UserID.isValid(String(repeating: "a", count: 129)))
        #expect(ChosenID.isValid("movie-script") && !ChosenID.isValid("a@b"))
        let h = AgentTaskKeys.hash("secret")
        #expect(AgentTaskKeys.isHash(h) && h != AgentTaskKeys.hash("secret2"))
        #expect(AgentTaskKeys.anonymousUser(hash: h) == "key_" + h.prefix(12))
    }
}
