import JSON

/// `GET /workflows/{workflow_id}/{version}/schema` → `{"workflow_schema": {...}}`, in the
/// vendor's field order: workflow_id, workflow_name, version, description, is_active,
/// variables (variable_id, variable_name, type, required, description, validation when the
/// definition has one), steps (step_id, step_name, step_type, description, and polytask's
/// `assignee`: the human step's assignee as defined, null for automatic steps).
enum ChamelioWorkflowView {
    static func schema(_ wf: ChamelioWorkflow) -> [UInt8] {
        var w = JSONWriter(capacity: 1024)
        w.beginObject()
        w.key("workflow_schema")
        w.beginObject()
        w.key("workflow_id"); w.string(wf.workflowID)
        w.key("workflow_name"); w.string(wf.name)
        w.key("version"); w.int(wf.version)
        w.key("description"); optional(wf.description, &w)
        w.key("is_active"); w.bool(wf.isActive)
        w.key("variables")
        w.beginArray()
        for v in wf.variables {
            w.beginObject()
            w.key("variable_id"); w.string(v.id)
            w.key("variable_name"); w.string(v.name)
            w.key("type"); w.string(v.type)
            w.key("required"); w.bool(v.required)
            w.key("description"); optional(v.description, &w)
            if let val = v.validation { w.key("validation"); w.value(val) }
            w.endObject()
        }
        w.endArray()
        w.key("steps")
        w.beginArray()
        for s in wf.steps {
            w.beginObject()
            w.key("step_id"); w.string(s.id)
            w.key("step_name"); w.string(s.name)
            w.key("step_type"); w.string(s.type.rawValue)
            w.key("description"); optional(s.description, &w)
            w.key("assignee"); optional(s.type.isHuman ? s.assignee : nil, &w)
            w.endObject()
        }
        w.endArray()
        w.endObject()
        w.endObject()
        return w.bytes
    }

    private static func optional(_ s: String?, _ w: inout JSONWriter) {
        if let s { w.string(s) } else { w.null() }
    }
}
