import FastAPI
import JSON
import Store

/// A vendor `TaskStateResponse` as a value. Only the lifecycle simulator and task creation
/// build one; the read path renders straight from the stored record (`AmigoTaskView`).
///
/// Mapping onto the shared `TaskRecord`: tenant = workspace_id (canonical lower-case UUID),
/// id = task_id, externalID = call_sid, title = skill, status = status, and `summaryJSON`
/// holds every other vendor field from `tier` to `completed_at` in the spec's order, so a
/// response is the four typed fields followed by those members, without parsing.
/// `detailJSON` holds the simulator's private state (`AmigoSimulation`), never shown.
struct AmigoTask: Sendable, Equatable {
    static let tiers = ["direct", "companion", "desktop", "computer_use"]
    static let statuses = ["pending", "dispatched", "running", "completed", "failed", "cancelled", "timeout"]
    static let terminalStatuses: Set<String> = ["completed", "failed", "cancelled", "timeout"]

    var taskID: String
    var callSID: String
    var workspaceID: String
    var skill: String
    var tier: String = "direct"
    var status: String = "pending"
    var result: String? = nil
    var error: String? = nil
    var errorType: String? = nil
    var durationMs: Double? = nil
    var inputTokens: Int64 = 0
    var outputTokens: Int64 = 0
    var cachedTokens: Int64 = 0
    var subToolCount: Int64 = 0
    var progressMessage: String? = nil
    var progressStep: Int64? = nil
    var dispatchedAt: String? = nil
    var completedAt: String? = nil

    var isTerminal: Bool { Self.terminalStatuses.contains(status) }

    /// The members after `skill`, as a compact JSON object in the spec's field order.
    var summaryJSON: String {
        // pydantic-core writes the response model: `duration_ms` 1500 is `1500.0`, 1e-7 is `1e-7`.
        var w = JSONWriter(capacity: 384, numberStyle: .pydantic)
        w.beginObject()
        w.key("tier"); w.string(tier)
        w.key("status"); w.string(status)
        w.key("result"); optional(result, &w)
        w.key("error"); optional(error, &w)
        w.key("error_type"); optional(errorType, &w)
        w.key("duration_ms"); if let durationMs { w.double(durationMs) } else { w.null() }
        w.key("input_tokens"); w.int(inputTokens)
        w.key("output_tokens"); w.int(outputTokens)
        w.key("cached_tokens"); w.int(cachedTokens)
        w.key("sub_tool_count"); w.int(subToolCount)
        w.key("progress_message"); optional(progressMessage, &w)
        w.key("progress_step"); if let progressStep { w.int(progressStep) } else { w.null() }
        w.key("dispatched_at"); optional(dispatchedAt, &w)
        w.key("completed_at"); optional(completedAt, &w)
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    private func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }

    /// Rebuilds the value from a stored record (the simulator's write path).
    init(record r: TaskRecord) {
        taskID = r.id
        callSID = r.externalID ?? ""
        workspaceID = r.tenant
        skill = r.title
        status = r.status
        let s = (try? JSONParser.parse(r.summaryJSON)) ?? .object([:])
        tier = s["tier"]?.stringValue ?? "direct"
        result = s["result"]?.stringValue
        error = s["error"]?.stringValue
        errorType = s["error_type"]?.stringValue
        durationMs = s["duration_ms"]?.doubleValue
        inputTokens = s["input_tokens"]?.intValue ?? 0
        outputTokens = s["output_tokens"]?.intValue ?? 0
        cachedTokens = s["cached_tokens"]?.intValue ?? 0
        subToolCount = s["sub_tool_count"]?.intValue ?? 0
        progressMessage = s["progress_message"]?.stringValue
        progressStep = s["progress_step"]?.intValue
        dispatchedAt = s["dispatched_at"]?.stringValue
        completedAt = s["completed_at"]?.stringValue
    }

    init(taskID: String, callSID: String, workspaceID: String, skill: String) {
        self.taskID = taskID
        self.callSID = callSID
        self.workspaceID = workspaceID
        self.skill = skill
    }

    /// The record for this task. `startedAt`/`completedAt` mirror dispatched_at/completed_at
    /// in ms so that the simulator can compute `duration_ms` without parsing text.
    func record(simulation: AmigoSimulation, createdAt: Int64, updatedAt: Int64, startedAt: Int64?,
                completedAt completedMs: Int64?, expiresAt: Int64?) -> TaskRecord {
        TaskRecord(dialect: AmigoDialect.dialectName, tenant: workspaceID, id: taskID, externalID: callSID,
                   status: status, title: skill, summaryJSON: summaryJSON, detailJSON: simulation.json,
                   createdAt: createdAt, updatedAt: updatedAt, startedAt: startedAt, completedAt: completedMs,
                   expiresAt: expiresAt)
    }
}

/// The simulator's private per-task state, kept in `detailJSON`: the outcome the task will end
/// with (and optional texts for it), and how many polls it has seen.
struct AmigoSimulation: Sendable, Equatable {
    static let outcomes = ["completed", "failed", "timeout"]

    var outcome: String = "completed"
    var result: String? = nil
    var error: String? = nil
    var errorType: String? = nil
    var polls: Int64 = 0

    init() {}

    init(detailJSON: String) {
        let v = (try? JSONParser.parse(detailJSON)) ?? .object([:])
        if let o = v["outcome"]?.stringValue, Self.outcomes.contains(o) { outcome = o }
        result = v["result"]?.stringValue
        error = v["error"]?.stringValue
        errorType = v["error_type"]?.stringValue
        polls = v["polls"]?.intValue ?? 0
    }

    var json: String {
        var o: [String: JSONValue] = ["outcome": .string(outcome), "polls": .int(polls)]
        if let result { o["result"] = .string(result) }
        if let error { o["error"] = .string(error) }
        if let errorType { o["error_type"] = .string(errorType) }
        return JSONValue.object(o).encodedString
    }
}
