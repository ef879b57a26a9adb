import Digest
import Emulator
import JSON
import Store
import Testing
@testable import Chamelio

/// Webhook endpoints, events enqueued with the change that makes them, envelopes and signatures.
@Suite struct ChamelioWebhookTests {
    typealias H = ChamelioHarness

    @Test func thePolicyIsTheVendors() throws {
        let p = ChamelioDialect.policy
        #expect(p.timeoutMillis == 10_000)
        #expect(p.retryDelaysMillis == [60_000, 300_000, 1_800_000, 7_200_000])
        #expect(try H().dialect.webhookPolicy == p)
    }

    /// GitHub's documented example (docs.github.com, "Validating webhook deliveries"): the same
    /// `sha256=` HMAC-SHA256 header scheme.
    @Test func signatureMatchesAKnownVector() {
        #expect(ChamelioWebhooks.signature(body: Array("Hello, World!".utf8), secret: "It's a Secret to Everybody")
            == "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")
    }

    @Test func noEndpointNoDelivery() async throws {
        let h = try H()
        _ = await h.initiate()
        #expect(try h.deliveries().isEmpty)
    }

    @Test func initiateEnqueuesSignedEventsInOrderForEachEndpoint() async throws {
        let h = try H()
        #expect(await h.webhook("http://127.0.0.1:9/a", secret: "one").status == 201)
        #expect(await h.webhook("http://127.0.0.1:9/b", secret: "two", events: #"["flows.tasks.created"]"#).status == 201)
        let id = await h.initiate()
        let all = try h.deliveries()
        #expect(all.map(\.event) == ["flows.tasks.created", "flows.tasks.created", "flows.tasks.step_change", "flows.tasks.step_change"])
        #expect(all.map(\.record.target) == ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b", "http://127.0.0.1:9/a", "http://127.0.0.1:9/a"])
        // Same event, same event_id at both endpoints; distinct outbox ids.
        #expect(all[0].body["event_id"] == all[1].body["event_id"])
        #expect(all[0].record.eventID != all[1].record.eventID)
        for d in all {
            let secret = d.record.target.hasSuffix("/a") ? "one" : "two"
            let header = d.record.headers.first { $0.name == "X-Chamelio-Signature" }?.value
            #expect(header == "sha256=" + Hex.encode(HMACSHA256.authenticationCode(for: d.record.body, key: Array(secret.utf8))))
            #expect(d.record.headers.first == DeliveryHeader("Content-Type", "application/json"))
            #expect(d.record.status == .pending)
            #expect(d.record.tenant == H.organization())
        }
        let created = all[0].body
        let text = String(decoding: all[0].record.body, as: UTF8.self)
        #expect(text.hasPrefix(#"{"event":"flows.tasks.created","event_id":"evt_"#))
        #expect(text.contains(#","organization_id":"\#(H.organization())","timestamp":"2025-01-20T10:30:00Z","data":{"task_id":\#(id),"workflow_id":"vendor_contract_review","workflow_name":"Vendor Contract Review","workflow_version":1,"initiated_by":"john.doe@example.com","current_step":{"step_id":"intake_step","step_name":"Document Intake","assignee":null},"variables":{"vendor_name":"Acme Corporation","contract_value":150000,"reviewer_email":"legal@example.com"}}}"#))
        #expect(created["data"]?["task_id"]?.intValue == id)
    }

    @Test func everyTransitionHasItsEvent() async throws {
        let h = try H()
        await h.webhook()
        let a = await h.initiate()
        _ = await h.post("/tasks/\(a)/approve", #"{"approved":true,"comment":"fine by me","user_email":"legal@example.com"}"#)
        _ = await h.advance(a)
        let b = await h.initiate()
        _ = await h.post("/tasks/\(b)/cancel")
        let events = try h.deliveries().map(\.event)
        #expect(events == [
            "flows.tasks.created", "flows.tasks.step_change", "flows.tasks.step_change",     // a: initiate (immediate)
            "flows.tasks.commented", "flows.tasks.step_change",                               // a: approve with a comment
            "flows.tasks.step_change", "flows.tasks.completed",                               // a: signed
            "flows.tasks.created", "flows.tasks.step_change", "flows.tasks.step_change",     // b
            "flows.tasks.canceled",
        ])
        let bodies = try h.deliveries().map(\.body)
        let approved = bodies[4]["data"]
        #expect(approved?["previous_step"] == ["step_id": "approval_step", "step_name": "Legal Approval", "completed_by": "legal@example.com",
                                               "completed_at": "2025-01-20T10:30:00Z", "outcome": "approved"])
        #expect(approved?["current_step"] == ["step_id": "signature_step", "step_name": "Signature", "assignee": "john.doe@example.com"])
        let completed = bodies[6]["data"]
        #expect(completed?["outputs"]?["signed_document_id"]?.stringValue == "document_2")
        #expect(completed?["duration_hours"] == .int(0))
        #expect(bodies[10]["data"]?["step_at_cancellation"] == ["step_id": "approval_step", "step_name": "Legal Approval"])
    }

    @Test func aNewWorkflowVersionIsAnnounced() async throws {
        let h = try H()
        await h.webhook(events: #"["flows.workflow.new_version"]"#)
        var def = ChamelioBuiltins.contractReview.json.objectValue ?? [:]
        def["version"] = nil
        def["organization_id"] = .string(H.organization())
        def["published_by"] = "admin@example.com"
        def["changelog"] = "Adds nothing"
        let r = await h.control("POST", "/_polytask/chamelio/workflows", JSONValue.object(def).encodedString)
        #expect(r.status == 201)
        #expect(r["previous_version"]?.intValue == 1)
        #expect(r["workflow_schema"]?["version"]?.intValue == 2)
        let d = try #require(try h.deliveries().first)
        #expect(d.event == "flows.workflow.new_version")
        #expect(d.body["data"] == ["workflow_id": "vendor_contract_review", "workflow_name": "Vendor Contract Review", "new_version": 2,
                                   "previous_version": 1, "published_by": "admin@example.com", "changelog": "Adds nothing"])
        // Both versions are there; latest is the new one.
        #expect(await h.get("/workflows/vendor_contract_review/latest/schema")["workflow_schema"]?["version"]?.intValue == 2)
        #expect(await h.get("/workflows/vendor_contract_review/1/schema").status == 200)
        // Other organisations still see the built-in version only.
        let other = await h.get("/workflows/vendor_contract_review/latest/schema", headers: H.apiKey(H.otherKey))
        #expect(other["workflow_schema"]?["version"]?.intValue == 1)
    }

    @Test func endpointsAreListedWithoutSecretsAndCanBeRemoved() async throws {
        let h = try H()
        let org = H.organization()
        let generated = await h.control("POST", "/_polytask/chamelio/webhooks", #"{"organization_id":"\#(org)","url":"https://example.com/hook"}"#)
        #expect(generated.status == 201)
        let secret = try #require(generated["secret"]?.stringValue)
        #expect(secret.hasPrefix("whsec_"))
        let given = await h.webhook(secret: "mine")
        #expect(given["secret"] == nil)
        let list = await h.control("GET", "/_polytask/chamelio/webhooks?organization_id=\(org)")
        #expect(list["webhooks"]?.arrayValue?.count == 2)
        #expect(!list.text.contains(secret) && !list.text.contains("mine"))
        let id = try #require(given["webhook_id"]?.stringValue)
        #expect(await h.control("DELETE", "/_polytask/chamelio/webhooks/\(id)?organization_id=\(org)").status == 204)
        #expect(await h.control("DELETE", "/_polytask/chamelio/webhooks/\(id)?organization_id=\(org)").status == 404)
        #expect(await h.control("POST", "/_polytask/chamelio/webhooks", #"{"organization_id":"\#(org)","url":"ftp://x"}"#).status == 400)
        #expect(await h.control("POST", "/_polytask/chamelio/webhooks", #"{"organization_id":"\#(org)","url":"http://x","events":["flows.nope"]}"#).status == 400)
        #expect(await h.control("POST", "/_polytask/chamelio/webhooks", #"{"url":"http://x"}"#).status == 400)
    }
}
