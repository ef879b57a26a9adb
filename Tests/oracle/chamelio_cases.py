"""The requests whose answers the oracle settles for polytask's Chamelio dialect.

Each case is a request (method, path, headers, body bytes); `generate_chamelio.py` runs every case
against the reference app (chamelio_app.py) with Starlette's TestClient and writes the request with
the answer to Tests/blackbox/chamelio/oracle_expected.json, which
Tests/blackbox/chamelio/test_chamelio_oracle.py replays against the real binary. No case changes
the app's state (the replay runs them in order against one server).
"""
from chamelio_app import ACTIVE
from oracle_generate import case

KEY = {"X-API-Key": ACTIVE}
JSON = {**KEY, "Content-Type": "application/json"}
NO_KEY_JSON = {"Content-Type": "application/json"}
TASK = "/tasks/12345"
INITIATE = "/workflows/vendor_contract_review/1/initiate"
FLEXIBLE = "/workflows/vendor_contract_review/1/initiate-flexible"
APPROVE = f"{TASK}/approve"


CASES = [
    # --- the five 401s, before path, query and body validation ---
    case("no-key", "GET", "/tasks/abc"),
    case("empty-key", "GET", "/tasks/abc", {"X-API-Key": ""}),
    case("key-in-authorization-header", "GET", "/tasks/abc", {"Authorization": f"Bearer {ACTIVE}"}),
    case("unknown-key", "GET", "/tasks/abc", {"X-API-Key": "ca_nobodyHasThisKey"}),
    case("not-a-ca-key", "GET", "/tasks/abc", {"X-API-Key": "sk_live_123"}),
    case("inactive-key", "GET", "/tasks/abc", {"X-API-Key": "ca_oracleInactiveKey"}),
    case("revoked-key", "GET", "/tasks/abc", {"X-API-Key": "ca_oracleRevokedKey"}),
    case("expired-key", "GET", "/tasks/abc", {"X-API-Key": "ca_oracleExpiredKey"}),
    case("lower-case-header-name", "GET", TASK, {"x-api-key": ACTIVE}),
    case("valid-key-bad-path", "GET", "/tasks/abc", KEY),
    case("no-key-bad-query", "GET", f"{TASK}/approval-details?include_files=maybe"),
    case("valid-key-bad-query", "GET", f"{TASK}/approval-details?include_files=maybe", KEY),
    case("repeated-query-last-wins", "GET", f"{TASK}/approval-details?include_files=maybe&include_files=true", KEY),
    case("no-key-bad-body", "POST", APPROVE, NO_KEY_JSON, '{"approved": "maybe"}'),
    case("no-key-malformed-json", "POST", APPROVE, NO_KEY_JSON, '{"approved": '),
    case("no-key-unparseable-body", "POST", APPROVE, NO_KEY_JSON, b'{"comment": "\xff"}'),
    case("revoked-key-malformed-json", "POST", APPROVE, {**NO_KEY_JSON, "X-API-Key": "ca_oracleRevokedKey"}, "{"),
    case("bad-path-and-body", "POST", "/tasks/x/approve", JSON, '{"approved": null, "comment": 5}'),

    # --- the task id as pydantic reads an int ---
    case("task-id-known", "GET", TASK, KEY),
    case("task-id-unknown", "GET", "/tasks/1", KEY),
    case("task-id-spaces", "GET", "/tasks/%2012345%20", KEY),
    case("task-id-underscore", "GET", "/tasks/12_345", KEY),
    case("task-id-point-zero", "GET", "/tasks/12345.0", KEY),
    case("task-id-plus", "GET", "/tasks/+12345", KEY),
    case("task-id-negative", "GET", "/tasks/-1", KEY),
    case("task-id-huge", "GET", "/tasks/123456789012345678901234567890", KEY),
    case("task-id-exponent", "GET", "/tasks/1e3", KEY),
    case("task-id-fraction", "GET", "/tasks/1.5", KEY),
    case("task-id-hex", "GET", "/tasks/0x10", KEY),

    # --- routing as Starlette routes ---
    case("head-on-get-route", "HEAD", TASK, KEY),
    case("delete-on-task", "DELETE", TASK, KEY),
    case("post-on-task", "POST", TASK, KEY),
    case("get-on-approve", "GET", APPROVE, KEY),
    case("get-on-cancel", "GET", f"{TASK}/cancel", KEY),
    case("post-on-files", "POST", f"{TASK}/files", KEY),
    case("put-on-initiate", "PUT", INITIATE, KEY),
    case("unknown-path-under-tasks", "GET", f"{TASK}/nothing", KEY),
    case("unknown-path-no-key", "GET", f"{TASK}/nothing"),
    case("wrong-method-no-key", "DELETE", TASK),
    case("tasks-alone", "GET", "/tasks", KEY),
    case("encoded-slash-in-task-id", "GET", "/tasks/a%2Fb", KEY),
    case("encoded-slash-reaches-files", "GET", "/tasks/12345%2Ffiles", KEY),
    case("encoded-slash-in-file-id", "GET", "/files/a%2Fb", KEY),
    case("encoded-letters-in-file-id", "GET", "/files/document%5F1", KEY),
    # --- empty segments: no route matches them; redirect_slashes for trailing ones ---
    case("trailing-slash", "GET", f"{TASK}/", KEY),
    case("trailing-slash-no-key", "GET", f"{TASK}/"),
    case("trailing-slash-on-tasks", "GET", "/tasks/?page=2", KEY),
    case("trailing-slash-wrong-method", "DELETE", f"{TASK}/", KEY),
    case("trailing-slash-unknown-path", "GET", f"{TASK}/nothing/", KEY),
    case("doubled-slash-inside", "GET", "/tasks//12345", KEY),
    case("doubled-slash-leading", "GET", f"/{TASK}", KEY),
    case("doubled-slash-before-action", "POST", f"{TASK}//cancel", KEY),

    # --- the other task routes, at the seeded task ---
    case("approval-details-not-at-approval", "GET", f"{TASK}/approval-details", KEY),
    case("approve-not-at-approval", "POST", APPROVE, JSON, '{"approved": true}'),
    case("approve-lax-bool-string", "POST", APPROVE, JSON, '{"approved": "yes", "comment": null}'),
    case("approve-unknown-task", "POST", "/tasks/1/approve", JSON, '{"approved": true}'),
    case("cancel-unknown-task", "POST", "/tasks/1/cancel", KEY),
    case("cancel-body-ignored", "POST", "/tasks/1/cancel", JSON, "{not json"),
    case("files", "GET", f"{TASK}/files", KEY),
    case("signed-documents", "GET", f"{TASK}/signed-documents", KEY),
    case("step-document-not-available", "GET", f"{TASK}/steps/intake_step/document", KEY),
    case("step-document-unknown-step", "GET", f"{TASK}/steps/nope/document", KEY),
    case("step-document-unknown-task", "GET", "/tasks/1/steps/intake_step/document", KEY),

    # --- files ---
    case("file-id-invalid", "GET", "/files/invalid_id", KEY),
    case("file-id-invalid-no-key", "GET", "/files/invalid_id"),
    case("file-id-unknown", "GET", "/files/document_99?user_email=a@b.co", KEY),
    case("file-id-uppercase", "GET", "/files/DOCUMENT_1", KEY),

    # --- approve bodies ---
    *[case(f"approve-approved-{n}", "POST", APPROVE, JSON, '{"approved": %s}' % v) for n, v in [
        ("maybe", '"maybe"'), ("two", "2"), ("one-and-a-half", "1.5"), ("null", "null"), ("list", "[1]"),
        ("one-point-zero", "1.0"), ("zero", "0"), ("upper-true", '"TRUE"'), ("padded", '" true"'), ("object", "{}"),
    ]],
    case("approve-missing-approved", "POST", APPROVE, JSON, '{"comment": 5}'),
    case("approve-variables-not-a-list", "POST", APPROVE, JSON, '{"approved": true, "variables": {"a": 1}}'),
    case("approve-variables-items", "POST", APPROVE, JSON,
         '{"approved": true, "variables": [1, {"variable_id": "x"}, {"variable_id": "y", "type": "text", "value": 5}], "user_email": []}'),
    case("approve-not-an-object", "POST", APPROVE, JSON, "[1, 2]"),
    case("approve-empty-body", "POST", APPROVE, JSON, b""),
    case("approve-no-content-type", "POST", APPROVE, KEY, '{"approved": true}'),
    case("approve-text-plain", "POST", APPROVE, {**KEY, "Content-Type": "text/plain"}, '{"approved": true}'),

    # --- initiate bodies (workflows: validation first, then the workflow) ---
    case("initiate-empty-object", "POST", INITIATE, JSON, "{}"),
    case("initiate-no-body", "POST", INITIATE, KEY, b""),
    case("initiate-variables-null", "POST", INITIATE, JSON, '{"variables": null}'),
    case("initiate-variables-object", "POST", INITIATE, JSON, '{"variables": {"a": 1}}'),
    case("initiate-many-errors", "POST", INITIATE, JSON,
         '{"variables": [5, {"variable_id": 1}, {"variable_id": "v", "type": "number", "value": 50000}], "user": 3, "metadata": [1]}'),
    case("initiate-value-bool", "POST", INITIATE, JSON, '{"variables": [{"variable_id": "v", "type": "boolean", "value": true}]}'),
    case("initiate-unknown-workflow", "POST", "/workflows/nope/1/initiate", JSON, '{"variables": []}'),
    case("initiate-unknown-version", "POST", "/workflows/vendor_contract_review/9/initiate", JSON, '{"variables": []}'),
    case("initiate-unknown-workflow-bad-body", "POST", "/workflows/nope/1/initiate", JSON, '{"variables": 5}'),
    case("initiate-malformed", "POST", INITIATE, JSON, '{"variables": [}'),
    case("flexible-empty-object", "POST", FLEXIBLE, JSON, "{}"),
    case("flexible-items", "POST", FLEXIBLE, JSON, '{"attributes": [{"key": "k"}, {"value": 1}, "x"], "files": [{}], "user": null}'),
    case("flexible-files-null", "POST", FLEXIBLE, JSON, '{"attributes": [], "files": null, "metadata": "x"}'),
    case("flexible-unknown-workflow", "POST", "/workflows/nope/latest/initiate-flexible", JSON, '{"attributes": []}'),
    case("schema-unknown-workflow", "GET", "/workflows/nope/latest/schema", KEY),
    case("schema-unknown-version", "GET", "/workflows/vendor_contract_review/v2/schema", KEY),
    case("schema-no-key", "GET", "/workflows/nope/latest/schema"),
]
