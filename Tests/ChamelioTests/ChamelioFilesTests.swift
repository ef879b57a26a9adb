import HTTP1
import JSON
import Store
import Testing
@testable import Chamelio

/// Task files, signed documents, step documents, file downloads and their presigned links.
@Suite struct ChamelioFilesTests {
    typealias H = ChamelioHarness

    /// A task of the contract review with `count` attachments... uploaded through a workflow
    /// with that many file variables.
    private func taskWithFiles(_ h: H, count: Int) async throws -> Int64 {
        var vars: [JSONValue] = []
        var steps: [JSONValue] = [["step_id": "intake", "step_name": "Intake", "step_type": "intake"]]
        var inputs: [String] = []
        for i in 0..<count {
            vars.append(["variable_id": .string("f\(i)"), "type": "file"])
            inputs.append(#"{"variable_id":"f\#(i)","type":"file","base64_content":"aGk=","file_name":"f\#(i).txt"}"#)
        }
        steps.append(["step_id": "sign", "step_name": "Sign", "step_type": "signature", "assignee": "signer@example.com"])
        let def: JSONValue = ["organization_id": .string(H.organization()), "workflow_id": "many_files", "workflow_name": "Many",
                              "variables": .array(vars), "steps": .array(steps)]
        #expect(await h.control("POST", "/_polytask/chamelio/workflows", def.encodedString).status == 201)
        let r = await h.post("/workflows/many_files/latest/initiate", #"{"variables":[\#(inputs.joined(separator: ","))]}"#)
        #expect(r.status == 200, "\(r.text)")
        return r["task_id"]?.intValue ?? -1
    }

    @Test func filesListsAtMostTenAndTheTotal() async throws {
        let h = try H()
        let id = try await taskWithFiles(h, count: 12)
        let r = await h.get("/tasks/\(id)/files")
        #expect(r.status == 200)
        let files = try #require(r["files"]?.arrayValue)
        #expect(files.count == 10)
        #expect(r["total_files"]?.intValue == 12)
        #expect(files[0] == ["file_id": "attachment_1", "file_name": "f0.txt", "variable_id": "f0", "created_at": "2025-01-20T10:30:00Z",
                             "step_id": "intake"])
        #expect(r.text.hasPrefix(#"{"task_id":1,"files":[{"file_id":"attachment_1","file_name":"f0.txt","variable_id":"f0","created_at":"#))
    }

    @Test func signedDocumentsAppearWhenTheSignatureStepCompletes() async throws {
        let h = try H()
        let id = try await taskWithFiles(h, count: 1)
        let before = await h.get("/tasks/\(id)/signed-documents")
        #expect(before.text == #"{"task_id":1,"workflow_status":"pending","total":0,"documents":[]}"#)
        let pending = await h.get("/tasks/\(id)/steps/sign/document")
        #expect(pending.status == 404 && pending.text == #"{"detail":"Document not found for step"}"#)
        #expect(await h.advance(id).status == 200)
        let after = await h.get("/tasks/\(id)/signed-documents")
        #expect(after["workflow_status"]?.stringValue == "completed")
        let doc = try #require(after["documents"]?.arrayValue?.first)
        #expect(doc["file_id"]?.stringValue == "document_2")
        #expect(doc["step_name"]?.stringValue == "Sign")
        #expect(doc["expires_at"]?.stringValue == "2025-01-20T11:30:00Z")
        let step = await h.get("/tasks/\(id)/steps/sign/document")
        #expect(step.status == 200)
        #expect(step.text.hasPrefix(#"{"download_url":"http://polytask.test/_polytask/chamelio/downloads/"#))
        let intake = await h.get("/tasks/\(id)/steps/intake/document")
        #expect(intake.status == 501 && intake.text == #"{"detail":"Document not available for this step"}"#)
        #expect(await h.get("/tasks/\(id)/steps/nope/document").text == #"{"detail":"Document not found for step"}"#)
    }

    @Test func fileByIDAndItsDownloadUntilItExpires() async throws {
        let h = try H()
        _ = try await taskWithFiles(h, count: 1)
        let bad = await h.get("/files/invalid_id")
        #expect(bad.status == 400 && bad.text == #"{"detail":"Invalid file ID format: invalid_id"}"#)
        for id in ["attachment_", "document_x", "attachment_1a", "ATTACHMENT_1"] {
            #expect(await h.get("/files/\(id)").status == 400)
        }
        let missing = await h.get("/files/document_99")
        #expect(missing.status == 404 && missing.text == #"{"detail":"File not found"}"#)
        #expect(await h.get("/files/attachment_1", headers: H.apiKey(H.otherKey)).status == 404)
        #expect(await h.get("/files/attachment_1", headers: []).status == 401)
        let r = await h.get("/files/attachment_1?user_email=a@b.co")
        #expect(r.status == 200)
        #expect(r["content_type"]?.stringValue == "text/plain")
        #expect(r["file_name"]?.stringValue == "f0.txt")
        let url = try #require(r["download_url"]?.stringValue)
        let path = String(url.dropFirst("http://polytask.test".count))
        let content = await h.get(path, headers: [])
        #expect(content.status == 200)
        #expect(content.text == "hi")
        #expect(content.headers["Content-Type"] == "text/plain")
        #expect(content.headers["Content-Disposition"] == #"attachment; filename="f0.txt""#)
        // Altered: refused.
        let altered = path.replacingAll("expires=", with: "expires=9")
        #expect(await h.get(altered, headers: []).status == 403)
        #expect(await h.get(path.replacingAll("attachment_1", with: "attachment_2"), headers: []).status == 403)
        // Expired on the store clock: refused.
        h.clock.advance(byMillis: 3_600_000)
        let expired = await h.get(path, headers: [])
        #expect(expired.status == 403)
        #expect(expired["error"]?.stringValue == "expired")
    }

    @Test func publicURLReplacesTheHostInLinks() async throws {
        let h = try H { $0.publicURL = "https://files.example.com/"; $0.urlTTLMillis = 60_000 }
        _ = try await taskWithFiles(h, count: 1)
        let r = await h.get("/files/attachment_1")
        #expect(r["download_url"]?.stringValue?.hasPrefix("https://files.example.com/_polytask/chamelio/downloads/\(H.organization())/attachment_1?expires=1737369060000&signature=") == true)
        #expect(r["expires_at"]?.stringValue == "2025-01-20T10:31:00Z")
    }

    @Test func approvalDetailsIncludeFileLinksWhenAsked() async throws {
        let h = try H()
        let base = #"{"variable_id":"vendor_name","type":"text","value":"A"},{"variable_id":"contract_value","type":"number","value":"1"},{"variable_id":"reviewer_email","type":"email","value":"l@example.com"}"#
        let id = await h.initiate(#"{"variables":[\#(base),{"variable_id":"contract_file","type":"file","base64_content":"aGk=","file_name":"c.pdf"}]}"#)
        let r = await h.get("/tasks/\(id)/approval-details?include_files=true")
        let f = try #require(r["files"]?.arrayValue?.first)
        #expect(f["file_id"]?.stringValue == "attachment_1")
        #expect(f["content_type"]?.stringValue == "application/pdf")
        #expect(f["variable_id"]?.stringValue == "contract_file")
        #expect(f["download_url"]?.stringValue?.contains("/attachment_1?expires=") == true)
        // The agent's review memo is a document, not a file variable: not listed here.
        #expect(r["files"]?.arrayValue?.count == 1)
    }

    @Test func fileIDFormats() {
        #expect(ChamelioFiles.isValidID("attachment_1") && ChamelioFiles.isValidID("document_123"))
        #expect(!ChamelioFiles.isValidID("file_1") && !ChamelioFiles.isValidID("document_") && !ChamelioFiles.isValidID("document_-1"))
        #expect(ChamelioFiles.contentType(forName: "a.DOCX") == "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
        #expect(ChamelioFiles.contentType(forName: "noext") == "application/octet-stream")
        #expect(ChamelioDialect.quotedFileName("a\"b\\c\u{7}é.txt") == "a_b_c__.txt")
    }
}
