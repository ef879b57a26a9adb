"""A reference FastAPI app for Chamelio's External API: the oracle for polytask's Chamelio dialect.

Chamelio answers `{"detail": ...}` bodies (docs.chamelio.ai), FastAPI's. This app declares the
routes the way the vendor plausibly does: an `APIKeyHeader("X-API-Key", auto_error=False)` security
dependency that raises the five documented 401s, `task_id: int` path parameters, the request models
polytask validates (Sources/Dialects/Chamelio/ChamelioBodies.swift), and the routes in the order of
the vendor's docs pages. What it settles is what the stack decides: the order of checks, 422 bodies,
routing (HEAD, 405, `%2F`), body parsing and content types. The handlers answer with polytask's own
choices for the vendor's silent spots (the 404/409/400 texts), so that whole answers can be compared.

Versions: FastAPI 0.136.1, Starlette 1.0.0, pydantic 2.13.4 (pydantic-core 2.46.4), the stack the
Amigo oracle follows. Nothing here is polytask code: it only produces expected answers.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from fastapi import Depends, FastAPI, HTTPException, Security
from fastapi.security import APIKeyHeader
from pydantic import BaseModel

ORG = "acme"
ACTIVE = "ca_oracleActiveKey"
KEYS = {ACTIVE: "active", "ca_oracleInactiveKey": "inactive", "ca_oracleRevokedKey": "revoked",
        "ca_oracleExpiredKey": "expired"}
REFUSALS = {"inactive": "API key is inactive", "revoked": "API key has been revoked", "expired": "API key has expired"}

# Seed 004, the vendor's get-task page: the one task (at a review step, so not at an approval step).
TASK = {
    "task_id": 12345, "task_url": "https://app.chamelio.ai/workflows/tasks/12345",
    "task_title": "Vendor Contract Review - Acme Corporation", "workflow_id": "vendor_contract_review",
    "workflow_name": "Vendor Contract Review", "workflow_version": 1, "workflow_state_id": "ws_abc123",
    "status": "in_progress", "current_step_id": "review_step", "current_step_name": "AI Review",
    "current_step_type": "review", "created_at": "2025-01-20T10:30:00Z", "updated_at": "2025-01-20T10:35:00Z",
    "completed_at": None, "owner_email": "john.doe@example.com", "assignee_email": "legal@example.com",
    "collaborator_emails": ["contracts@example.com"],
    "step_runs": [{"step_run_id": "sr_001", "step_id": "intake_step", "step_name": "Document Intake", "step_type": "intake",
                   "status": "completed", "variables": [{"variable_type": "text", "value": "Acme Corporation",
                                                         "step_id": "intake_step", "variable_id": "vendor_name"}]}],
    "variables": [
        {"variable_type": "text", "value": "Acme Corporation", "step_id": "intake_step", "variable_id": "vendor_name"},
        {"variable_type": "number", "value": 150000, "step_id": "intake_step", "variable_id": "contract_value"},
        {"variable_type": "email", "value": "legal@example.com", "step_id": "intake_step", "variable_id": "reviewer_email"},
    ],
}
WORKFLOW = {
    "workflow_id": "vendor_contract_review", "workflow_name": "Vendor Contract Review", "version": 1,
    "variables": [{"variable_id": "vendor_name", "variable_name": "Vendor Name", "type": "text", "required": True},
                  {"variable_id": "contract_value", "variable_name": "contract_value", "type": "number", "required": False},
                  {"variable_id": "reviewer_email", "variable_name": "reviewer_email", "type": "email", "required": False}],
    "steps": [{"step_id": "intake_step", "step_name": "Document Intake", "step_type": "intake"},
              {"step_id": "review_step", "step_name": "AI Review", "step_type": "review", "assignee": "{reviewer_email}"}],
}


def oracle_seed():
    """The same state as a polytask seed document."""
    keys = [{"api_key": k, "owner_email": "john.doe@example.com", "state": s} for k, s in KEYS.items()]
    return {"chamelio": {ORG: {"api_keys": keys, "workflows": [WORKFLOW], "tasks": [TASK]}}}


# ---- security ----

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


def require_key(api_key: Optional[str] = Security(api_key_header)) -> str:
    if not api_key:
        raise HTTPException(401, "API key required")
    state = KEYS.get(api_key)
    if state is None:
        raise HTTPException(401, "Invalid API key")
    if state in REFUSALS:
        raise HTTPException(401, REFUSALS[state])
    return ORG


# ---- models ----

class VariableInput(BaseModel):
    variable_id: str
    type: str
    value: Optional[str] = None
    file_id: Optional[str] = None
    base64_content: Optional[str] = None
    file_name: Optional[str] = None


class InitiateRequest(BaseModel):
    variables: List[VariableInput]
    user: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None


class Attribute(BaseModel):
    key: str
    value: str


class FileInput(BaseModel):
    filename: str
    base64_content: str


class FlexibleRequest(BaseModel):
    attributes: List[Attribute]
    files: Optional[List[FileInput]] = None
    user: Optional[str] = None
    metadata: Optional[Dict[str, Any]] = None


class ApproveRequest(BaseModel):
    approved: bool
    comment: Optional[str] = None
    variables: Optional[List[VariableInput]] = None
    user_email: Optional[str] = None


# ---- routes (the order of the vendor's docs pages) ----

app = FastAPI()


def task_or_404(task_id: int, org: str) -> dict:
    if task_id != TASK["task_id"] or org != ORG:
        raise HTTPException(404, "Task not found")
    return TASK


def workflow_or_404(workflow_id: str, version: str) -> dict:
    if workflow_id != WORKFLOW["workflow_id"]:
        raise HTTPException(404, "Workflow not found")
    if version not in ("latest", "1"):
        raise HTTPException(404, "Workflow version not found")
    return WORKFLOW


@app.get("/tasks/{task_id}")
def get_task(task_id: int, org: str = Depends(require_key)):
    return {"task": task_or_404(task_id, org)}


@app.post("/tasks/{task_id}/approve")
def approve(task_id: int, body: ApproveRequest, org: str = Depends(require_key)):
    task_or_404(task_id, org)
    raise HTTPException(409, "Task is not at an approval step")


@app.get("/tasks/{task_id}/approval-details")
def approval_details(task_id: int, include_files: bool = False, org: str = Depends(require_key)):
    task_or_404(task_id, org)
    raise HTTPException(409, "Task is not at an approval step")


@app.post("/tasks/{task_id}/cancel")
def cancel(task_id: int, org: str = Depends(require_key)):
    task_or_404(task_id, org)
    # Not reached by any case: a cancel would change the state the other cases see.
    raise HTTPException(500, "Failed to cancel task")


@app.get("/tasks/{task_id}/files")
def list_files(task_id: int, org: str = Depends(require_key)):
    task_or_404(task_id, org)
    return {"task_id": task_id, "files": [], "total_files": 0}


@app.get("/tasks/{task_id}/signed-documents")
def signed_documents(task_id: int, org: str = Depends(require_key)):
    t = task_or_404(task_id, org)
    return {"task_id": task_id, "workflow_status": t["status"], "total": 0, "documents": []}


@app.get("/tasks/{task_id}/steps/{step_id}/document")
def step_document(task_id: int, step_id: str, org: str = Depends(require_key)):
    task_or_404(task_id, org)
    if step_id == "intake_step" or step_id == "review_step":
        raise HTTPException(501, "Document not available for this step")
    raise HTTPException(404, "Document not found for step")


@app.post("/workflows/{workflow_id}/{version}/initiate")
def initiate(workflow_id: str, version: str, body: InitiateRequest, org: str = Depends(require_key)):
    workflow_or_404(workflow_id, version)
    raise HTTPException(500, "not reached by any case")


@app.post("/workflows/{workflow_id}/{version}/initiate-flexible")
def initiate_flexible(workflow_id: str, version: str, body: FlexibleRequest, org: str = Depends(require_key)):
    workflow_or_404(workflow_id, version)
    raise HTTPException(500, "not reached by any case")


@app.get("/workflows/{workflow_id}/{version}/schema")
def get_schema(workflow_id: str, version: str, org: str = Depends(require_key)):
    workflow_or_404(workflow_id, version)
    raise HTTPException(500, "not reached by any case")


@app.get("/files/{file_id}")
def download_file(file_id: str, user_email: Optional[str] = None, org: str = Depends(require_key)):
    if not re.fullmatch(r"(attachment|document)_[0-9]+", file_id):
        raise HTTPException(400, f"Invalid file ID format: {file_id}")
    raise HTTPException(404, "File not found")
