import FastAPI
import HTTP1
import JSON

/// Reads a task given to polytask (the control-plane create and the seed document): a
/// `TaskStateResponse` object, validated against the spec's types with pydantic's error
/// wording, plus polytask's own optional `simulate` object for the lifecycle simulator.
///
/// Required: `call_sid`, `skill`. Defaults: `task_id` a fresh UUID, `tier` "direct",
/// `status` "pending", token counts 0, everything nullable null. `workspace_id`, if given,
/// must name the workspace the task is being created in.
struct AmigoTaskInput: Sendable {
    var task: AmigoTask
    var simulation: AmigoSimulation
    /// Ms forms of dispatched_at/completed_at when they were given and parse as ISO-8601.
    var startedAt: Int64?
    var completedAt: Int64?
    /// polytask's own `simulate.created_at_ms` / `expires_at_ms` (what an export writes, so a
    /// seed puts the task back on the same clock); nil: the seed's or create's time.
    var createdAt: Int64? = nil
    var expiresAt: Int64? = nil

    static func parse(_ v: JSONValue, workspace: String, loc: [ValidationIssue.Loc],
                      newID: () -> String) -> Validation<AmigoTaskInput> {
        guard case .object(let o) = v else {
            return .failure([ValidationIssue(type: "model_attributes_type", loc: loc,
                                             msg: "Input should be a valid dictionary or object to extract fields from", input: v)])
        }
        var issues: [ValidationIssue] = []
        func at(_ field: String) -> [ValidationIssue.Loc] { loc + [.key(field)] }
        func fail(_ i: ValidationIssue, _ field: String, _ extra: [ValidationIssue.Loc] = []) { issues.append(i.prefixed(at(field) + extra)) }

        func requiredString(_ field: String, minLength: Int? = nil) -> String? {
            guard let raw = o[field] else { fail(PydanticLax.missing(v), field); return nil }
            switch PydanticLax.string(raw) {
            case .failure(let i): fail(i, field); return nil
            case .success(let s):
                if let i = PydanticLax.stringLength(s, min: minLength, max: nil, input: raw) { fail(i, field); return nil }
                return s
            }
        }
        func nullableString(_ field: String) -> String? {
            guard let raw = o[field], !raw.isNull else { return nil }
            switch PydanticLax.string(raw) {
            case .failure(let i): fail(i, field); return nil
            case .success(let s): return s
            }
        }
        func integer(_ field: String) -> Int64? {
            guard let raw = o[field] else { return nil }
            switch PydanticLax.int(raw) {
            case .failure(let i): fail(i, field); return nil
            case .success(.value(let n)): return n
            case .success(.huge):
                fail(PydanticLax.issue("int_parsing_size", "Unable to parse input string as an integer, exceeded maximum size", raw), field)
                return nil
            }
        }
        func oneOf(_ field: String, _ allowed: [String], default d: String) -> String {
            guard let raw = o[field] else { return d }
            if case .string(let s) = raw, allowed.contains(s) { return s }
            let expected = Self.expectedList(allowed)
            fail(PydanticLax.issue("enum", "Input should be \(expected)", raw, ctx: [("expected", .string(expected))]), field)
            return d
        }

        let taskID = o["task_id"] == nil ? newID() : requiredString("task_id", minLength: 1)
        let callSID = requiredString("call_sid")
        let skill = requiredString("skill")
        if let raw = o["workspace_id"] {
            switch PydanticLax.string(raw) {
            case .failure(let i): fail(i, "workspace_id")
            case .success(let s):
                switch PydanticUUID.parse(s) {
                case .failure(let e):
                    fail(PydanticLax.issue("uuid_parsing", "Input should be a valid UUID, \(e.description)", raw,
                                           ctx: [("error", .string(e.description))]), "workspace_id")
                case .success(let canonical) where canonical != workspace:
                    fail(PydanticLax.issue("value_error", "Value error, workspace_id must match the workspace in the path", raw,
                                           ctx: [("error", .object([:]))]), "workspace_id")
                case .success: break
                }
            }
        }
        var t = AmigoTask(taskID: taskID ?? "", callSID: callSID ?? "", workspaceID: workspace, skill: skill ?? "")
        t.tier = oneOf("tier", AmigoTask.tiers, default: "direct")
        t.status = oneOf("status", AmigoTask.statuses, default: "pending")
        t.result = nullableString("result")
        t.error = nullableString("error")
        t.errorType = nullableString("error_type")
        if let raw = o["duration_ms"], !raw.isNull {
            switch raw {
            case .int, .double, .bigInt: t.durationMs = raw.doubleValue
            case .string(let s) where Double(String(s.trimmingSpaces)) != nil: t.durationMs = Double(String(s.trimmingSpaces))
            default: fail(PydanticLax.issue("float_type", "Input should be a valid number", raw), "duration_ms")
            }
        }
        t.inputTokens = integer("input_tokens") ?? 0
        t.outputTokens = integer("output_tokens") ?? 0
        t.cachedTokens = integer("cached_tokens") ?? 0
        t.subToolCount = integer("sub_tool_count") ?? 0
        t.progressMessage = nullableString("progress_message")
        if let raw = o["progress_step"], !raw.isNull { t.progressStep = integer("progress_step") }
        t.dispatchedAt = nullableString("dispatched_at")
        t.completedAt = nullableString("completed_at")

        var sim = AmigoSimulation()
        var createdAt: Int64?
        var expiresAt: Int64?
        if let raw = o["simulate"], !raw.isNull {
            if case .object(let s) = raw {
                // The simulator's state as an export writes it: polls seen, and the instants.
                let numbers: [(String, (Int64) -> Void)] = [
                    ("polls", { sim.polls = $0 }), ("created_at_ms", { createdAt = $0 }), ("expires_at_ms", { expiresAt = $0 }),
                ]
                for (field, set) in numbers {
                    guard let f = s[field], !f.isNull else { continue }
                    if let n = f.intValue, n >= 0 { set(n) } else {
                        fail(PydanticLax.greaterThanEqual(0, input: f), "simulate", [.key(field)])
                    }
                }
                if let out = s["outcome"] {
                    if case .string(let str) = out, AmigoSimulation.outcomes.contains(str) {
                        sim.outcome = str
                    } else {
                        let expected = Self.expectedList(AmigoSimulation.outcomes)
                        fail(PydanticLax.issue("enum", "Input should be \(expected)", out, ctx: [("expected", .string(expected))]),
                             "simulate", [.key("outcome")])
                    }
                }
                let texts: [(String, WritableKeyPath<AmigoSimulation, String?>)] =
                    [("result", \.result), ("error", \.error), ("error_type", \.errorType)]
                for (field, path) in texts {
                    guard let f = s[field], !f.isNull else { continue }
                    if case .string(let str) = f { sim[keyPath: path] = str } else {
                        fail(PydanticLax.issue("string_type", "Input should be a valid string", f), "simulate", [.key(field)])
                    }
                }
            } else {
                fail(PydanticLax.issue("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", raw),
                     "simulate")
            }
        }
        guard issues.isEmpty else { return .failure(issues) }
        return .success(AmigoTaskInput(task: t, simulation: sim,
                                       startedAt: t.dispatchedAt.flatMap(AmigoTimestamp.parse),
                                       completedAt: t.completedAt.flatMap(AmigoTimestamp.parse),
                                       createdAt: createdAt, expiresAt: expiresAt))
    }

    /// pydantic's enum wording: `'a', 'b' or 'c'`.
    static func expectedList(_ values: [String]) -> String {
        let quoted = values.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "" }
        return quoted.dropLast().joined(separator: ", ") + " or " + (quoted.last ?? "")
    }
}
