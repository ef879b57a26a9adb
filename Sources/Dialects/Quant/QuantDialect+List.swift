import HTTP1
import JSON
import Routing
import Store

extension QuantDialect {
    /// `GET .../ai/tasks` (listTasks): filters AND-ed, newest first, in one of the three
    /// documented shapes:
    /// - standard: `{"tasks":[summary...],"count":N}`;
    /// - `dependsOn`: `{"taskIds":[...],"count":N,"dependsOn":"<id>"}`;
    /// - `dependsOn` + `includeDetails=true`: `{"taskIds":[...],"tasks":[full task...],"count":N,"dependsOn":"<id>"}`.
    /// `count` is the number of tasks returned. `includeDetails` without `dependsOn` is ignored.
    func listTasks(_ ctx: RequestContext) -> HTTPResponse {
        let org = ctx.parameters.require("organisation")
        if let denied = auth.check(ctx, organisation: org) { return denied }
        let q: QuantListQuery
        do { q = try QuantListQuery(ctx.query) } catch { return QuantErrors.invalid(error) }
        // The response echoes `dependsOn`, declared `format: uuid`: a value that is neither a
        // UUID nor the id of one of the organisation's tasks (seeded ids may be anything) is a
        // 400 rather than a response that breaks the schema.
        if let dep = q.dependsOn, !QuantTaskID.isUUID(dep) {
            let known: Bool
            do { known = try store.task(Self.key(org, dep)) != nil } catch {
                return QuantErrors.failed("Failed to list tasks", error)
            }
            if !known {
                return QuantErrors.invalid(QuantValidationError(
                    "dependsOn", "dependsOn must be a task ID (UUID), got \"\(dep)\""))
            }
        }
        let records: [TaskRecord]
        do { records = try store.list(q.taskQuery(organisation: org)) } catch {
            return QuantErrors.failed("Failed to list tasks", error)
        }
        var w = JSONWriter(capacity: 512 + records.count * 400)
        w.beginObject()
        if let dep = q.dependsOn {
            w.key("taskIds")
            w.beginArray()
            for r in records { w.string(r.id) }
            w.endArray()
            if q.includeDetails {
                w.key("tasks")
                w.beginArray()
                for r in records { QuantRenderer.writeFull(r, &w) }
                w.endArray()
            }
            w.key("count"); w.int(records.count)
            w.key("dependsOn"); w.string(dep)
        } else {
            w.key("tasks")
            w.beginArray()
            for r in records { QuantRenderer.writeSummary(r, &w) }
            w.endArray()
            w.key("count"); w.int(records.count)
        }
        w.endObject()
        return .json(200, w.bytes)
    }
}
