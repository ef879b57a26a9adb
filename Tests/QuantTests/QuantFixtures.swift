/// The vendor's own example bodies (shared/specs/quant-ai-tasks.openapi.yaml and the docs
/// page in shared/seeds/001), used as test fixtures.
enum QuantFixtures {
    /// createTask_request, every property's `example` from the spec.
    static let createRequest = #"""
    {"title":"Process document and create summary",
     "description":"Extract text from PDF, analyze content, and generate executive summary",
     "taskListId":"world-1","status":"pending","assignedAgentId":"agent-code-reviewer",
     "createdByAgentId":"agent-coordinator",
     "metadata":{"priority":"high","tags":["document-processing"],"workflow":"document-pipeline"},
     "maxRetries":3,"blockedReason":"Waiting for approval"}
    """#

    /// getTask 200, the docs page's example (seed 001), verbatim.
    static let getTaskDocsExample = #"""
    {"taskId":"550e8400-e29b-41d4-a716-446655440000","orgId":"quant","taskListId":"world-1",
     "title":"Process document and create summary","description":"Extract text from PDF, analyze content",
     "status":"pending","assignedAgentId":"agent-123","createdByAgentId":"agent-coordinator",
     "metadata":{"priority":"high"},"progress":0.5,"progressMessage":"Extracted text, analyzing content...",
     "retryCount":0,"maxRetries":3,"createdAt":1735689600000,"updatedAt":1735689700000}
    """#

    /// getTask_200_response's schema example (every field set; `result` written as an object:
    /// the spec's `'{}'` string is the generator's rendering of an empty object).
    static let getTaskSpecExample = #"""
    {"metadata":{"priority":"high"},"completedAt":6,
     "blockedByTaskIds":["046b6c7f-0b8a-43b9-b35d-6489e6daee91","046b6c7f-0b8a-43b9-b35d-6489e6daee92"],
     "dependsOn":["046b6c7f-0b8a-43b9-b35d-6489e6daee93"],"blockedReason":"blockedReason","retryCount":0,
     "description":"Extract text from PDF, analyze content","startedAt":0,"title":"Process document and create summary",
     "error":"error","orgId":"quant","expiresAt":4102444800000,"result":{},"createdAt":1735689600000,
     "assignedAgentId":"agent-123","maxRetries":3,"blockedAt":5,"progress":0.5,"createdByAgentId":"agent-coordinator",
     "taskListId":"world-1","taskId":"550e8400-e29b-41d4-a716-446655440000","status":"in_progress",
     "progressMessage":"Extracted text, analyzing content...","updatedAt":1735689700000}
    """#

    /// listTasks_200_response_tasks_inner, the spec's example item.
    static let listItemExample = #"""
    {"createdAt":1735689600000,"assignedAgentId":"agent-123","blockedByTaskIds":["blockedByTaskIds","blockedByTaskIds2"],
     "blockedReason":"blockedReason","description":"Extract text from PDF, analyze content","progress":0.5,
     "taskListId":"world-1","title":"Process document and create summary",
     "taskId":"550e8400-e29b-41d4-a716-446655440000","orgId":"quant","status":"in_progress","updatedAt":1735689700000}
    """#

    /// updateTask_request, every property's `example` from the spec (dependsOn left out: it
    /// names a task that must exist).
    static let updateRequest = #"""
    {"title":"Updated task title","description":"Updated description with more details","taskListId":"world-2",
     "status":"in_progress","assignedAgentId":"agent-specialist","metadata":{"priority":"urgent"},"progress":0.75,
     "progressMessage":"Processing document 3 of 4...","result":{"summary":"Document processed successfully","wordCount":1500},
     "error":"Failed to connect to external API","retryCount":1,"maxRetries":5,"blockedReason":"Waiting for external approval"}
    """#

    /// The summary fields a list item may carry, and nothing else.
    static let summaryKeys: Set<String> = ["taskId", "orgId", "taskListId", "title", "description", "status",
                                           "assignedAgentId", "progress", "blockedReason", "blockedByTaskIds",
                                           "createdAt", "updatedAt"]
}
