import JSON
import Store
import Testing
@testable import Chamelio

/// Schema, initiate and initiate-flexible through the router.
@Suite struct ChamelioInitiateTests {
    typealias H = ChamelioHarness

    @Test func schemaOfTheBuiltInWorkflowByNumberAndLatest() async throws {
        let h = try H()
        let latest = await h.get("/workflows/vendor_contract_review/latest/schema")
        #expect(latest.status == 200)
        #expect(latest.text.hasPrefix(#"{"workflow_schema":{"workflow_id":"vendor_contract_review","workflow_name":"Vendor Contract Review","version":1,"#))
        #expect(await h.get("/workflows/vendor_contract_review/1/schema").text == latest.text)
        let steps = latest["workflow_schema"]?["steps"]?.arrayValue?.compactMap { $0["step_type"]?.stringValue }
        #expect(steps == ["intake", "agent", "approval", "signature"])
        let missing = await h.get("/workflows/nope/latest/schema")
        #expect(missing.status == 404 && missing.text == #"{"detail":"Workflow not found"}"#)
        let version = await h.get("/workflows/vendor_contract_review/7/schema")
        #expect(version.status == 404 && version.text == #"{"detail":"Workflow version not found"}"#)
        #expect(await h.get("/workflows/vendor_contract_review/v1/schema").status == 404)
    }

    @Test func initiateAnswersTheNewTaskAndIdsIncreasePerStore() async throws {
        let h = try H()
        let r = await h.post("/workflows/vendor_contract_review/1/initiate", H.contractBody)
        #expect(r.status == 200)
        #expect(r.text == #"{"task_id":1,"status":"pending","task_url":"https://app.chamelio.ai/workflows/tasks/1","message":"Workflow initiated successfully"}"#)
        // Another organisation's next task takes the next id: one counter per store.
        #expect(await h.initiate(key: H.otherKey) == 2)
        #expect(await h.initiate() == 3)
    }

    @Test func theTaskShowsEveryFieldOfTheVendorsTaskObject() async throws {
        let h = try H()
        let id = await h.initiate()
        let r = await h.get("/tasks/\(id)")
        #expect(r.status == 200)
        let t = try #require(r["task"]?.objectValue)
        // Seed 004's fields, in its order.
        let order = ["task_id", "task_url", "task_title", "workflow_id", "workflow_name", "workflow_version", "workflow_state_id",
                     "status", "current_step_id", "current_step_name", "current_step_type", "created_at", "updated_at",
                     "completed_at", "owner_email", "assignee_email", "collaborator_emails", "step_runs", "variables"]
        #expect(Set(t.keys) == Set(order))
        var rest = Substring(r.text)
        for k in order {
            let at = try #require(rest.firstRange(of: "\"\(k)\":"), "\(k) out of order")
            rest = rest[at.upperBound...]
        }
        #expect(t["task_title"]?.stringValue == "Vendor Contract Review - Acme Corporation")
        #expect(t["created_at"]?.stringValue == "2025-01-20T10:30:00Z")
        #expect(t["owner_email"]?.stringValue == "john.doe@example.com")
        #expect(t["assignee_email"]?.stringValue == "legal@example.com")
        #expect(t["current_step_type"]?.stringValue == "approval")
        let value = t["variables"]?.arrayValue?.first { $0["variable_id"]?.stringValue == "contract_value" }
        #expect(value?["value"] == .int(150_000))
        #expect(value?["variable_type"]?.stringValue == "number")
        #expect(value?["step_id"]?.stringValue == "intake_step")
    }

    @Test func bodyValidationIsPydantics() async throws {
        let h = try H()
        let path = "/workflows/vendor_contract_review/1/initiate"
        let missing = await h.post(path, "{}")
        #expect(missing.status == 422)
        #expect(missing.text == #"{"detail":[{"type":"missing","loc":["body","variables"],"msg":"Field required","input":{}}]}"#)
        let several = await h.post(path, #"{"variables":[5,{"variable_id":1}],"user":3,"metadata":[1]}"#)
        let types = several["detail"]?.arrayValue?.compactMap { $0["type"]?.stringValue }
        #expect(types == ["model_attributes_type", "string_type", "missing", "string_type", "dict_type"])
        let locs = several["detail"]?.arrayValue?.map { $0["loc"] ?? .null }
        #expect(locs?[2] == ["body", "variables", 1, "type"])
        let notAList = await h.post(path, #"{"variables":{"a":1}}"#)
        #expect(notAList.text == #"{"detail":[{"type":"list_type","loc":["body","variables"],"msg":"Input should be a valid list","input":{"a":1}}]}"#)
        let noBody = await h.post(path, nil)
        #expect(noBody.text == #"{"detail":[{"type":"missing","loc":["body"],"msg":"Field required","input":null}]}"#)
        let numberValue = await h.post(path, #"{"variables":[{"variable_id":"contract_value","type":"number","value":5}]}"#)
        #expect(numberValue["detail"]?.arrayValue?.first?["type"]?.stringValue == "string_type")
    }

    @Test func variablesAreCheckedAgainstTheDefinition() async throws {
        let h = try H()
        let path = "/workflows/vendor_contract_review/1/initiate"
        let r = await h.post(path, #"""
        {"variables":[{"variable_id":"nope","type":"text","value":"x"},
                      {"variable_id":"vendor_name","type":"number","value":"x"},
                      {"variable_id":"contract_value","type":"number","value":"lots"},
                      {"variable_id":"contract_type","type":"select","value":"lease"},
                      {"variable_id":"start_date","type":"date","value":"2025-02-30"}]}
        """#)
        #expect(r.status == 400)
        #expect(r["detail"]?.stringValue == "Unknown variable: nope; Variable 'vendor_name' has type 'number'; the workflow defines it as 'text'; "
            + "Invalid value for variable 'contract_value' (number): 'lots'; Invalid value for variable 'contract_type': 'lease' is not one of msa, nda, sow, other; "
            + "Invalid value for variable 'start_date' (date): '2025-02-30'; Missing required variable: reviewer_email")
        let email = await h.post(path, #"{"variables":[{"variable_id":"vendor_name","type":"text","value":"A"},{"variable_id":"contract_value","type":"number","value":"1"},{"variable_id":"reviewer_email","type":"email","value":"not an email"}]}"#)
        #expect(email["detail"]?.stringValue == "Invalid value for variable 'reviewer_email' (email): 'not an email'")
    }

    @Test func filesAreStoredFromBase64AndCheckedForExtension() async throws {
        let h = try H()
        let base = #"{"variable_id":"vendor_name","type":"text","value":"A"},{"variable_id":"contract_value","type":"number","value":"1"},{"variable_id":"reviewer_email","type":"email","value":"l@example.com"}"#
        let path = "/workflows/vendor_contract_review/1/initiate"
        let bad = await h.post(path, #"{"variables":[\#(base),{"variable_id":"contract_file","type":"file","base64_content":"%%%","file_name":"c.pdf"}]}"#)
        #expect(bad["detail"]?.stringValue == "Invalid base64 content for variable 'contract_file'")
        let ext = await h.post(path, #"{"variables":[\#(base),{"variable_id":"contract_file","type":"file","base64_content":"aGk=","file_name":"c.exe"}]}"#)
        #expect(ext["detail"]?.stringValue == "File type not allowed for variable 'contract_file': c.exe (allowed: .pdf, .docx, .txt)")
        let unknown = await h.post(path, #"{"variables":[\#(base),{"variable_id":"contract_file","type":"file","file_id":"attachment_99"}]}"#)
        #expect(unknown.status == 400 && unknown["detail"]?.stringValue == "File not found: attachment_99")
        let ok = await h.post(path, #"{"variables":[\#(base),{"variable_id":"contract_file","type":"file","base64_content":"aGVsbG8=","value":"contract.pdf"}]}"#)
        #expect(ok.status == 200)
        let id = try #require(ok["task_id"]?.intValue)
        let t = await h.task(id)
        let file = t["variables"]?.arrayValue?.first { $0["variable_id"]?.stringValue == "contract_file" }
        #expect(file?["value"]?.stringValue == "attachment_1")
        let stored = try #require(try h.store.resource(ChamelioFiles.key(H.organization(), "attachment_1")))
        #expect(stored.data == Array("hello".utf8))
        // A later task may reference the file by id.
        let again = await h.post(path, #"{"variables":[\#(base),{"variable_id":"contract_file","type":"file","file_id":"attachment_1"}]}"#)
        #expect(again.status == 200)
        // Another organisation may not.
        let theirs = await h.post(path, #"{"variables":[\#(base),{"variable_id":"contract_file","type":"file","file_id":"attachment_1"}]}"#,
                                  headers: H.apiKey(H.otherKey))
        #expect(theirs["detail"]?.stringValue == "File not found: attachment_1")
    }

    @Test func flexibleMatchesByIdThenTitleThenNormalisedName() async throws {
        let h = try H()
        let r = await h.post("/workflows/vendor_contract_review/latest/initiate-flexible", #"""
        {"attributes":[{"key":"vendor_name","value":"Acme Corporation"},
                       {"key":"CONTRACT VALUE","value":"2500.50"},
                       {"key":"Reviewer-Email","value":"legal@example.com"},
                       {"key":"start_date","value":"2025-01-15"},
                       {"key":"unrelated","value":"ignored"}],
         "files":[{"filename":"msa.pdf","base64_content":"aGk="}]}
        """#)
        #expect(r.status == 200)
        let id = try #require(r["task_id"]?.intValue)
        let vars = await h.task(id)["variables"]?.arrayValue ?? []
        func value(_ v: String) -> JSONValue? { vars.first { $0["variable_id"]?.stringValue == v }?["value"] }
        #expect(value("contract_value") == .double(2500.5))
        #expect(value("reviewer_email")?.stringValue == "legal@example.com")
        #expect(value("start_date")?.stringValue == "2025-01-15")
        #expect(value("contract_file")?.stringValue == "attachment_1")
        #expect(value("unrelated") == nil)
        let missing = await h.post("/workflows/vendor_contract_review/latest/initiate-flexible", #"{"attributes":[{"key":"Vendor Name","value":"A"}]}"#)
        #expect(missing["detail"]?.stringValue == "Missing required variable: contract_value; Missing required variable: reviewer_email")
        let invalid = await h.post("/workflows/vendor_contract_review/latest/initiate-flexible", #"{"attributes":[{"key":"k"}],"files":[{}]}"#)
        #expect(invalid["detail"]?.arrayValue?.compactMap { $0["loc"] } == [["body", "attributes", 0, "value"], ["body", "files", 0, "filename"],
                                                                             ["body", "files", 0, "base64_content"]])
    }

    @Test func matchingRules() {
        let vars = ChamelioBuiltins.contractReview.variables
        #expect(ChamelioInitiation.match("vendor_name", vars)?.id == "vendor_name")
        #expect(ChamelioInitiation.match("vendor name", vars)?.id == "vendor_name")
        #expect(ChamelioInitiation.match("VENDOR-NAME", vars)?.id == "vendor_name")
        #expect(ChamelioInitiation.match("Vendor_Name", vars)?.id == "vendor_name")
        #expect(ChamelioInitiation.match("contractvalue", vars)?.id == "contract_value")
        #expect(ChamelioInitiation.match("", vars) == nil)
        #expect(ChamelioInitiation.match("vendor", vars) == nil)
    }

    @Test func inactiveWorkflowsCannotBeInitiated() async throws {
        let h = try H()
        var def = ChamelioBuiltins.contractReview.json.objectValue ?? [:]
        def["is_active"] = false
        def["workflow_id"] = "paused"
        def["organization_id"] = .string(H.organization())
        #expect(await h.control("POST", "/_polytask/chamelio/workflows", JSONValue.object(def).encodedString).status == 201)
        let r = await h.post("/workflows/paused/1/initiate", H.contractBody)
        #expect(r.status == 400 && r.text == #"{"detail":"Workflow is not active"}"#)
    }

    @Test func typedValues() throws {
        let number = ChamelioVariableDef(id: "n", name: "N", type: "number", required: false, description: nil, validation: ["min": 0, "max": 10])
        #expect(try ChamelioValues.convert("5.00", for: number).get() == .int(5))
        #expect(try ChamelioValues.convert(" 2.5 ", for: number).get() == .double(2.5))
        #expect((try? ChamelioValues.convert("11", for: number).get()) == nil)
        #expect((try? ChamelioValues.convert("0x1", for: number).get()) == nil)
        #expect((try? ChamelioValues.convert("nan", for: number).get()) == nil)
        let flag = ChamelioVariableDef(id: "b", name: "B", type: "boolean", required: false, description: nil, validation: nil)
        #expect(try ChamelioValues.convert("TRUE", for: flag).get() == .bool(true))
        #expect(try ChamelioValues.convert("no", for: flag).get() == .bool(false))
        let multi = ChamelioVariableDef(id: "m", name: "M", type: "multi_select", required: false, description: nil, validation: ["options": ["a", "b"]])
        #expect(try ChamelioValues.convert("a, b", for: multi).get() == ["a", "b"])
        #expect(try ChamelioValues.convert(#"["b"]"#, for: multi).get() == ["b"])
        #expect((try? ChamelioValues.convert("c", for: multi).get()) == nil)
        let table = ChamelioVariableDef(id: "t", name: "T", type: "dynamic_table", required: false, description: nil, validation: nil)
        #expect(try ChamelioValues.convert(#"[{"x":1}]"#, for: table).get() == [["x": 1]])
        #expect((try? ChamelioValues.convert("[1]", for: table).get()) == nil)
        #expect(ChamelioValues.isDate("2024-02-29") && !ChamelioValues.isDate("2023-02-29") && !ChamelioValues.isDate("2025-1-15"))
        #expect(ChamelioValues.isEmail("a@b.co") && !ChamelioValues.isEmail("a@b") && !ChamelioValues.isEmail("@b.co") && !ChamelioValues.isEmail("a b@c.co"))
        #expect(ChamelioValues.extensionAllowed("X.PDF", [".pdf"]) && ChamelioValues.extensionAllowed("x.docx", ["docx"]))
        #expect(!ChamelioValues.extensionAllowed("x", ["pdf"]))
    }
}
