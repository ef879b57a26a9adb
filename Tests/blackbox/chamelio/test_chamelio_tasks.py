"""Black-box: every Chamelio endpoint and error body against the real binary: schema, initiate,
initiate-flexible, get task (seed 004 byte for byte), approval-details, approve and reject,
cancel and its 409, files, signed documents, step documents, file downloads."""
import base64
import json
import urllib.request

from chamelio_support import CONTRACT, KEY, OWNER, SEED004

FROZEN = "frozen:1737369000000"  # 2025-01-20T10:30:00Z, the vendor's example created_at


def with_file(name="contract.pdf", content=b"%PDF-1.4 contract"):
    body = json.loads(json.dumps(CONTRACT))
    body["variables"].append({"variable_id": "contract_file", "type": "file", "file_name": name,
                              "base64_content": base64.b64encode(content).decode()})
    return body


def test_schema_of_the_built_in_workflow(chamelio):
    r = chamelio.get("/workflows/vendor_contract_review/latest/schema")
    assert r.status == 200
    s = r.json["workflow_schema"]
    assert list(s) == ["workflow_id", "workflow_name", "version", "description", "is_active", "variables", "steps"]
    assert s["version"] == 1 and s["is_active"] is True
    assert [v["variable_id"] for v in s["variables"] if v["required"]] == ["vendor_name", "contract_value", "reviewer_email"]
    assert [st["step_type"] for st in s["steps"]] == ["intake", "agent", "approval", "signature"]
    assert chamelio.get("/workflows/vendor_contract_review/1/schema").body == r.body
    assert chamelio.get("/workflows/nope/latest/schema").body == b'{"detail":"Workflow not found"}'
    assert chamelio.get("/workflows/vendor_contract_review/2/schema").body == b'{"detail":"Workflow version not found"}'


def test_walk_through_initiate_approve_sign_completed(start_server):
    from chamelio_support import Api
    api = Api(start_server("--clock", FROZEN))
    r = api.post("/workflows/vendor_contract_review/1/initiate", with_file())
    assert r.status == 200
    assert r.body == b'{"task_id":1,"status":"pending","task_url":"https://app.chamelio.ai/workflows/tasks/1","message":"Workflow initiated successfully"}'
    t = api.task(1)
    assert (t["status"], t["current_step_id"], t["assignee_email"]) == ("pending", "approval_step", "legal@example.com")
    assert t["created_at"] == "2025-01-20T10:30:00Z" and t["completed_at"] is None
    assert [s["status"] for s in t["step_runs"]] == ["completed", "completed", "pending"]

    d = api.get("/tasks/1/approval-details?include_files=true").json
    assert d["step_run"]["step_type"] == "approval" and d["step_run"]["status"] == "pending"
    assert d["eligible_approvers_active"] == ["legal@example.com"]
    assert [f["file_id"] for f in d["files"]] == ["attachment_1"]
    assert urllib.request.urlopen(d["files"][0]["download_url"]).read() == b"%PDF-1.4 contract"

    a = api.post("/tasks/1/approve", {"approved": True, "comment": "Approved by legal", "user_email": "legal@example.com"})
    assert a.body == b'{"task_id":1,"status":"pending","approved":true,"message":"Approval submitted successfully"}'
    t = api.task(1)
    assert (t["current_step_id"], t["assignee_email"]) == ("signature_step", OWNER)
    assert t["collaborator_emails"] == ["legal@example.com"]

    # The signer signs in the vendor's web app: here, the control plane's advance.
    org = api.organization()
    assert api.advance(1, org).status == 200
    t = api.task(1)
    assert (t["status"], t["current_step_id"], t["completed_at"]) == ("completed", None, "2025-01-20T10:30:00Z")
    docs = api.get("/tasks/1/signed-documents").json
    assert docs["workflow_status"] == "completed" and docs["total"] == 1
    signed = docs["documents"][0]
    assert signed["step_id"] == "signature_step" and signed["expires_at"] == "2025-01-20T11:30:00Z"
    content = urllib.request.urlopen(signed["download_url"]).read().decode()
    assert content.startswith("Signed: Vendor Contract Review - Acme Corporation\nSigner: john.doe@example.com\n")
    assert api.post("/tasks/1/cancel").body == b'{"detail":"Task cannot be cancelled in its current state"}'
    assert api.post("/tasks/1/approve", {"approved": True}).body == b'{"detail":"Task is not at an approval step"}'


def test_reject_fails_the_task_and_cancel_needs_pending_or_in_progress(chamelio):
    tid = chamelio.initiate()
    r = chamelio.post(f"/tasks/{tid}/approve", {"approved": False, "comment": "Too expensive"})
    assert r.json == {"task_id": tid, "status": "failed", "approved": False, "message": "Approval submitted successfully"}
    t = chamelio.task(tid)
    assert t["status"] == "failed" and t["step_runs"][-1]["status"] == "rejected"
    c = chamelio.post(f"/tasks/{tid}/cancel")
    assert (c.status, c.body) == (409, b'{"detail":"Task cannot be cancelled in its current state"}')
    other = chamelio.initiate()
    c = chamelio.post(f"/tasks/{other}/cancel")
    assert c.body == ('{"task_id":%d,"status":"cancelled","message":"Task cancelled successfully"}' % other).encode()
    t = chamelio.task(other)
    assert t["status"] == "cancelled" and t["current_step_id"] == "approval_step"
    assert t["step_runs"][-1]["status"] == "cancelled"
    assert chamelio.post(f"/tasks/{other}/cancel").status == 409
    assert chamelio.post("/tasks/999/cancel").body == b'{"detail":"Task not found"}'


def test_initiate_errors(chamelio):
    path = "/workflows/vendor_contract_review/1/initiate"
    r = chamelio.post(path, {"variables": [{"variable_id": "vendor_name", "type": "text", "value": "A"}]})
    assert r.status == 400
    assert r.json == {"detail": "Missing required variable: contract_value; Missing required variable: reviewer_email"}
    r = chamelio.post(path, {"variables": [{"variable_id": "vendor_name", "type": "text", "value": "A"},
                                           {"variable_id": "contract_value", "type": "number", "value": "abc"},
                                           {"variable_id": "reviewer_email", "type": "email", "value": "x@y.co"}]})
    assert r.json == {"detail": "Invalid value for variable 'contract_value' (number): 'abc'"}
    r = chamelio.post(path, with_file(name="virus.exe"))
    assert r.json == {"detail": "File type not allowed for variable 'contract_file': virus.exe (allowed: .pdf, .docx, .txt)"}
    r = chamelio.post(path, {"variables": "x"})
    assert r.status == 422 and r.json["detail"][0]["type"] == "list_type"
    assert chamelio.post("/workflows/none/1/initiate", CONTRACT).body == b'{"detail":"Workflow not found"}'


def test_initiate_flexible_matches_attributes_and_files(chamelio):
    r = chamelio.post("/workflows/vendor_contract_review/latest/initiate-flexible", {
        "attributes": [{"key": "Vendor Name", "value": "Globex"}, {"key": "contract-value", "value": "9000"},
                       {"key": "REVIEWER_EMAIL", "value": "r@globex.com"}, {"key": "nothing", "value": "x"}],
        "files": [{"filename": "msa.docx", "base64_content": base64.b64encode(b"docx").decode()}],
        "metadata": {"ignored": True}})
    assert r.status == 200
    t = chamelio.task(r.json["task_id"])
    values = {v["variable_id"]: v["value"] for v in t["variables"]}
    assert values["vendor_name"] == "Globex" and values["contract_value"] == 9000
    assert values["reviewer_email"] == "r@globex.com" and values["contract_file"] == "attachment_1"
    assert t["task_title"] == "Vendor Contract Review - Globex"
    files = chamelio.get(f"/tasks/{t['task_id']}/files").json
    assert [f["file_name"] for f in files["files"]] == ["msa.docx", "AI Review - task 1.txt"]
    assert files["total_files"] == 2


def test_files_and_downloads(start_server):
    from chamelio_support import Api
    api = Api(start_server("--clock", FROZEN))
    tid = api.initiate(with_file())
    assert api.get(f"/tasks/{tid}/steps/agent_step/document").status == 200
    assert api.get(f"/tasks/{tid}/steps/approval_step/document").body == b'{"detail":"Document not available for this step"}'
    assert api.get(f"/tasks/{tid}/steps/signature_step/document").body == b'{"detail":"Document not found for step"}'
    assert api.get(f"/tasks/{tid}/steps/nope/document").body == b'{"detail":"Document not found for step"}'
    assert api.get("/files/invalid_id").body == b'{"detail":"Invalid file ID format: invalid_id"}'
    assert api.get("/files/attachment_77").body == b'{"detail":"File not found"}'
    f = api.get("/files/attachment_1?user_email=someone@example.com").json
    assert list(f) == ["file_id", "file_name", "content_type", "download_url", "expires_at"]
    assert (f["file_name"], f["content_type"], f["expires_at"]) == ("contract.pdf", "application/pdf", "2025-01-20T11:30:00Z")
    with urllib.request.urlopen(f["download_url"]) as resp:
        assert resp.read() == b"%PDF-1.4 contract"
        assert resp.headers["Content-Type"] == "application/pdf"
        assert resp.headers["Content-Disposition"] == 'attachment; filename="contract.pdf"'
    # Another organisation's file is not found; the link stops working once expired.
    assert api.get("/files/attachment_1", key="ca_elsewhere").status == 404
    api.clock(advanceMs=3_600_000)
    try:
        urllib.request.urlopen(f["download_url"])
        raise AssertionError("an expired link still works")
    except urllib.error.HTTPError as e:
        assert e.code == 403


def test_files_lists_ten_and_the_total(chamelio):
    org = chamelio.organization()
    variables = [{"variable_id": f"doc{i}", "type": "file"} for i in range(12)]
    wf = {"organization_id": org, "workflow_id": "bulk_upload", "workflow_name": "Bulk upload", "variables": variables,
          "steps": [{"step_id": "intake", "step_name": "Intake", "step_type": "intake"},
                    {"step_id": "review", "step_name": "Review", "step_type": "review", "assignee": "ops@example.com"}]}
    assert chamelio.post("/_polytask/chamelio/workflows", wf).status == 201
    tid = chamelio.initiate({"variables": [{"variable_id": f"doc{i}", "type": "file", "file_name": f"d{i}.txt",
                                            "base64_content": "aGk="} for i in range(12)]}, workflow="bulk_upload")
    files = chamelio.get(f"/tasks/{tid}/files").json
    assert len(files["files"]) == 10 and files["total_files"] == 12
    assert files["files"][0] == {"file_id": "attachment_1", "file_name": "d0.txt", "variable_id": "doc0",
                                 "created_at": files["files"][0]["created_at"], "step_id": "intake"}
    assert chamelio.task(tid)["current_step_type"] == "review"


def test_seed_004_is_served_byte_for_byte(chamelio):
    workflow = {"workflow_id": "vendor_contract_review", "workflow_name": "Vendor Contract Review", "version": 1,
                "variables": [{"variable_id": "vendor_name", "type": "text", "required": True},
                              {"variable_id": "contract_value", "type": "number"},
                              {"variable_id": "reviewer_email", "type": "email"}],
                "steps": [{"step_id": "intake_step", "step_name": "Document Intake", "step_type": "intake"},
                          {"step_id": "review_step", "step_name": "AI Review", "step_type": "review"}]}
    chamelio.seed({"chamelio": {"acme": {"api_keys": [{"api_key": KEY, "owner_email": OWNER}], "workflows": [workflow],
                                         "tasks": [SEED004["task"]]}}})
    r = chamelio.get("/tasks/12345")
    assert r.status == 200
    assert r.body == json.dumps(SEED004, separators=(",", ":")).encode()
    assert chamelio.initiate() == 12346
    # pydantic's integer strings name the same task.
    assert chamelio.get("/tasks/12_345").body == r.body
