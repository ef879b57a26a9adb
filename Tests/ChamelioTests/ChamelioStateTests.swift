import Emulator
import JSON
import Store
import Testing
@testable import Chamelio

/// Seeds (seed 004 reproduced exactly), export/seed round trips, resets, tenants.
@Suite struct ChamelioStateTests {
    typealias H = ChamelioHarness

    /// Seed 004, the vendor's get-task page, compact.
    static let seed004 = #"{"task":{"task_id":12345,"task_url":"https://app.chamelio.ai/workflows/tasks/12345","task_title":"Vendor Contract Review - Acme Corporation","workflow_id":"vendor_contract_review","workflow_name":"Vendor Contract Review","workflow_version":1,"workflow_state_id":"ws_abc123","status":"in_progress","current_step_id":"review_step","current_step_name":"AI Review","current_step_type":"review","created_at":"2025-01-20T10:30:00Z","updated_at":"2025-01-20T10:35:00Z","completed_at":null,"owner_email":"john.doe@example.com","assignee_email":"legal@example.com","collaborator_emails":["contracts@example.com"],"step_runs":[{"step_run_id":"sr_001","step_id":"intake_step","step_name":"Document Intake","step_type":"intake","status":"completed","variables":[{"variable_type":"text","value":"Acme Corporation","step_id":"intake_step","variable_id":"vendor_name"}]}],"variables":[{"variable_type":"text","value":"Acme Corporation","step_id":"intake_step","variable_id":"vendor_name"},{"variable_type":"number","value":150000,"step_id":"intake_step","variable_id":"contract_value"},{"variable_type":"email","value":"legal@example.com","step_id":"intake_step","variable_id":"reviewer_email"}]}}"#

    /// The workflow seed 004's task runs: its two steps, as the page names them.
    static let workflow004 = #"{"workflow_id":"vendor_contract_review","workflow_name":"Vendor Contract Review","version":1,"variables":[{"variable_id":"vendor_name","variable_name":"Vendor Name","type":"text","required":true},{"variable_id":"contract_value","type":"number"},{"variable_id":"reviewer_email","type":"email"}],"steps":[{"step_id":"intake_step","step_name":"Document Intake","step_type":"intake"},{"step_id":"review_step","step_name":"AI Review","step_type":"review","assignee":"{reviewer_email}"}]}"#

    static func seedDocument() -> String {
        let task = (try? JSONParser.parse(Array(seed004.utf8)))?["task"]?.encodedString ?? "{}"
        return #"{"chamelio":{"acme":{"api_keys":[{"api_key":"\#(H.key)","owner_email":"john.doe@example.com"}],"workflows":[\#(workflow004)],"tasks":[\#(task)]}}}"#
    }

    @Test func seed004IsServedByteForByte() async throws {
        let h = try H()
        let r = await h.control("POST", "/_polytask/seed", Self.seedDocument())
        #expect(r.status == 200, "\(r.text)")
        let got = await h.get("/tasks/12345")
        #expect(got.status == 200)
        #expect(got.text == Self.seed004)
        // The next initiated task takes the next id after the seeded one.
        #expect(await h.initiate() == 12346)
    }

    @Test func seedingTwiceGivesTheSameState() async throws {
        let h = try H()
        #expect(await h.control("POST", "/_polytask/seed", Self.seedDocument()).status == 200)
        let once = await h.control("GET", "/_polytask/export?dialect=chamelio")
        #expect(await h.control("POST", "/_polytask/seed", Self.seedDocument()).status == 200)
        #expect(await h.control("GET", "/_polytask/export?dialect=chamelio").text == once.text)
    }

    @Test func badSeedsNameThePlaceAndLoadNothing() async throws {
        let h = try H()
        let cases = [
            #"{"chamelio":{"acme":{"tasks":[{"workflow_id":"unknown"}]}}}"#,
            #"{"chamelio":{"acme":{"api_keys":[{"api_key":"nope","owner_email":"a@b.co"}]}}}"#,
            #"{"chamelio":{"bad org":{}}}"#,
            #"{"chamelio":{"acme":{"workflows":[{"workflow_id":"x","steps":[{"step_id":"s","step_type":"dance"}]}]}}}"#,
            #"{"chamelio":{"acme":{"surprise":[]}}}"#,
            #"{"chamelio":{"*":{"tasks":[]}}}"#,
            #"{"chamelio":{"acme":{"tasks":[{"workflow_id":"vendor_contract_review","status":"sleeping"}]}}}"#,
        ]
        for doc in cases {
            let r = await h.control("POST", "/_polytask/seed", doc)
            #expect(r.status == 400, "\(doc)")
            #expect(r["message"]?.stringValue?.hasPrefix("chamelio: chamelio seed: ") == true, "\(r.text)")
        }
        #expect(await h.control("GET", "/_polytask/export?dialect=chamelio").text == #"{"chamelio":{}}"#)
    }

    @Test func exportRoundTripsEverything() async throws {
        let h = try H()
        // H.key becomes acme's key; H.otherKey stays an open-mode organisation of its own.
        #expect(await h.control("POST", "/_polytask/seed", Self.seedDocument()).status == 200)
        let other = H.organization(of: H.otherKey)
        await h.webhook(secret: "keep-me", organization: other)
        #expect(await h.setLifecycle(#""polls:3""#, organization: other).status == 200)
        let base = #"{"variable_id":"vendor_name","type":"text","value":"A"},{"variable_id":"contract_value","type":"number","value":"1"},{"variable_id":"reviewer_email","type":"email","value":"l@example.com"}"#
        let id = await h.initiate(#"{"variables":[\#(base),{"variable_id":"contract_file","type":"file","base64_content":"aGVsbG8=","file_name":"c.pdf"}],"metadata":{"crm":"42"}}"#,
                                  key: H.otherKey)
        _ = await h.task(id, key: H.otherKey)  // one poll of three
        let export = await h.control("GET", "/_polytask/export?dialect=chamelio")
        #expect(export.status == 200)
        #expect(!export.text.contains(H.key))
        let before = await h.task(id, key: H.otherKey)

        let h2 = try H()
        let seeded = await h2.control("POST", "/_polytask/seed", export.text)
        #expect(seeded.status == 200, "\(seeded.text)")
        #expect(await h2.control("GET", "/_polytask/export?dialect=chamelio").text == export.text)
        #expect(await h2.task(id, key: H.otherKey) == before)  // that read was poll 2
        let after = await h2.task(id, key: H.otherKey)           // poll 3: intake done
        #expect(after["current_step_id"]?.stringValue == "agent_step")
        // The key (registered by its hash) still answers for acme; the file is still there.
        #expect(await h2.get("/tasks/12345").text == Self.seed004)
        #expect(await h2.get("/files/attachment_1", headers: H.apiKey(H.otherKey)).status == 200)
        // The webhook still signs with its secret.
        let delivery = try #require(try h2.deliveries().last)
        #expect(delivery.event == "flows.tasks.step_change")
        #expect(delivery.record.headers.last?.value == ChamelioWebhooks.signature(body: delivery.record.body, secret: "keep-me"))
        // New ids do not collide with seeded ones.
        #expect(await h2.initiate(key: H.otherKey) == id + 1)
        #expect(await h2.get("/files/attachment_2", headers: H.apiKey(H.otherKey)).status == 404)
    }

    @Test func scopedResetsLeaveOtherOrganisationsAlone() async throws {
        let h = try H()
        let mine = await h.initiate()
        let theirs = await h.initiate(key: H.otherKey)
        await h.webhook()
        #expect(await h.control("POST", "/_polytask/reset", #"{"dialect":"chamelio","tenant":"\#(H.organization())","scope":"data"}"#).status == 200)
        #expect(await h.get("/tasks/\(mine)").status == 404)
        #expect(await h.get("/tasks/\(theirs)", headers: H.apiKey(H.otherKey)).status == 200)
        #expect(await h.control("POST", "/_polytask/reset", #"{"dialect":"chamelio","tenant":"no such org!"}"#).status == 400)
        #expect(await h.control("POST", "/_polytask/reset", #"{"dialect":"chamelio"}"#).status == 200)
        #expect(await h.control("GET", "/_polytask/export?dialect=chamelio").text == #"{"chamelio":{}}"#)
        // The built-in workflow is still there after everything went.
        #expect(await h.get("/workflows/vendor_contract_review/latest/schema").status == 200)
    }

    @Test func workflowsForEveryOrganisation() async throws {
        let h = try H()
        let def = #"{"chamelio":{"*":{"workflows":[{"workflow_id":"nda","workflow_name":"NDA","steps":[{"step_id":"s","step_name":"Sign","step_type":"signature"}]}],"lifecycle":"manual"}}}"#
        #expect(await h.control("POST", "/_polytask/seed", def).status == 200)
        #expect(await h.get("/workflows/nda/1/schema").status == 200)
        #expect(await h.get("/workflows/nda/1/schema", headers: H.apiKey(H.otherKey)).status == 200)
        let list = await h.control("GET", "/_polytask/chamelio/workflows?organization_id=\(H.organization())")
        #expect(list["workflows"]?.arrayValue?.compactMap { $0["workflow_id"]?.stringValue } == ["nda", "vendor_contract_review"])
        let lc = await h.control("GET", "/_polytask/lifecycle?dialect=chamelio&tenant=\(H.organization())")
        #expect(lc["chamelio"]?["effective"] == ["mode": "manual"])
        #expect(lc["chamelio"]?["default"] == ["mode": "immediate"])
    }
}
