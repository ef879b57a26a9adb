"""A reference FastAPI app for Amigo's task and api-key routes: the oracle for polytask's Amigo dialect.

It declares the routes the way the vendor plausibly does (its operationIds, `HTTPValidationError`
schema and `{"detail": ...}` bodies are FastAPI's): path `workspace_id: UUID`, an `HTTPBearer`
security dependency that resolves the key from the token alone, the pydantic models of the spec
extract (Tests/fixtures/shared/specs/amigo-platform-tasks.openapi.json), and the routes in the
spec's path order (which is FastAPI's declaration order, and decides `Allow` on a 405).

Versions (current when the spec was tagged, 2026-05-06): FastAPI 0.136.1, Starlette 1.0.0,
pydantic 2.13.4 (pydantic-core 2.46.4). See README.md.

The data is fixed (STATE below) and mirrored by `oracle_seed()` so that polytask can be seeded
with the same tasks and keys. Nothing here is polytask code: it only produces expected answers.
"""
from __future__ import annotations

from enum import Enum
from typing import Annotated, Optional
from uuid import UUID

from fastapi import Depends, FastAPI, HTTPException, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, StringConstraints, field_validator

WS = UUID("00000000-0000-0000-0000-000000000001")
OTHER_WS = UUID("00000000-0000-0000-0000-000000000002")
CALL_SID = "CA1234567890abcdef1234567890abcdef"
BOOTSTRAP = "boot-secret-for-tests"  # polytask's --amigo-bootstrap-key in the replay: every workspace
OTHER_KEY = "other-ws-secret-for-tests"  # a key issued in OTHER_WS only
ROLES = ["viewer", "operator", "member", "admin", "owner"]


# ---- models (from the spec extract) ----

class Tier(str, Enum):
    direct = "direct"
    companion = "companion"
    desktop = "desktop"
    computer_use = "computer_use"


class Status(str, Enum):
    pending = "pending"
    dispatched = "dispatched"
    running = "running"
    completed = "completed"
    failed = "failed"
    cancelled = "cancelled"
    timeout = "timeout"


class TaskStateResponse(BaseModel):
    task_id: str
    call_sid: str
    workspace_id: UUID
    skill: str
    tier: Tier
    status: Status
    result: Optional[str] = None
    error: Optional[str] = None
    error_type: Optional[str] = None
    duration_ms: Optional[float] = None
    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    sub_tool_count: int = 0
    progress_message: Optional[str] = None
    progress_step: Optional[int] = None
    dispatched_at: Optional[str] = None
    completed_at: Optional[str] = None


class TaskListResponse(BaseModel):
    tasks: list[TaskStateResponse]


NameString = Annotated[str, StringConstraints(min_length=1, max_length=256)]


class CreateApiKeyRequest(BaseModel):
    duration_days: int = Field(ge=1, le=90)
    name: Optional[NameString] = None
    permissions: list[str] = Field(default_factory=list, max_length=128,
                                   description="Permission names. Max 128 entries; each entry up to 128 chars.")
    role: str = Field(default="member", max_length=64)

    @field_validator("permissions")
    @classmethod
    def _each_permission(cls, v: list[str]) -> list[str]:
        if any(len(p) > 128 for p in v):
            raise ValueError("each permission must be at most 128 characters")
        return v


class RotateApiKeyRequest(BaseModel):
    duration_days: int = Field(ge=1, le=90)


class CreateApiKeyResponse(BaseModel):
    key_id: str
    api_key: str
    name: Optional[str]
    role: str
    permissions: list[str]
    expires_at: str
    created_by_entity_id: Optional[UUID]
    created_by_credential_id: Optional[UUID]


# ---- state: fixed, mirrored by oracle_seed() ----

def _task(task_id, **kw):
    t = {"task_id": task_id, "call_sid": CALL_SID, "workspace_id": str(WS), "skill": "verify_insurance",
         "tier": "direct", "status": "completed"}
    t.update(kw)
    return t


# duration_ms values that show how the stack writes floats.
TASKS = [
    _task("float-half", duration_ms=1234.5),
    _task("float-integral", duration_ms=1500),
    _task("float-tiny", duration_ms=1e-7),
    _task("float-big", duration_ms=1e16),
    _task("float-huge", duration_ms=1.5e300),
    _task("float-sum", duration_ms=0.1 + 0.2),
    _task("float-neg-zero", duration_ms=-0.0),
    _task("float-1e15", duration_ms=123456789012345.6),
    _task("float-small", duration_ms=0.0001),
]
KEYS = {BOOTSTRAP: None, OTHER_KEY: OTHER_WS}


def oracle_seed():
    """polytask's seed document for the same state (the bootstrap key is a server flag)."""
    return {"amigo": {str(WS): TASKS,
                      str(OTHER_WS): {"api_keys": [{"api_key": OTHER_KEY, "name": "other", "role": "owner"}]}}}


# ---- app ----

app = FastAPI(title="Platform API (oracle)")
bearer = HTTPBearer()


async def current_key(creds: HTTPAuthorizationCredentials = Depends(bearer)) -> Optional[UUID]:
    """Resolves the key from the token alone (it does not take the workspace), so a bad
    workspace_id with no or a wrong key is a 401, not a 422."""
    if creds.credentials not in KEYS:
        raise HTTPException(status_code=401, detail="Invalid or expired API key.", headers={"WWW-Authenticate": "Bearer"})
    return KEYS[creds.credentials]


def check_workspace(key_ws: Optional[UUID], workspace_id: UUID) -> None:
    if key_ws is not None and key_ws != workspace_id:
        raise HTTPException(status_code=403, detail="Insufficient permissions.")


@app.get("/v1/{workspace_id}/api-keys", operation_id="list-api-keys")
async def list_api_keys(workspace_id: UUID, mine_only: bool = False,
                        limit: Annotated[int, Query(gt=0, le=20)] = 10, continuation_token: int = 0,
                        key: Optional[UUID] = Depends(current_key)):
    check_workspace(key, workspace_id)
    return {"items": [], "has_more": False, "continuation_token": None, "total": 0}


@app.post("/v1/{workspace_id}/api-keys", operation_id="create-api-key", status_code=201, response_model=CreateApiKeyResponse)
async def create_api_key(workspace_id: UUID, body: CreateApiKeyRequest, key: Optional[UUID] = Depends(current_key)):
    check_workspace(key, workspace_id)
    if body.role not in ROLES:
        raise HTTPException(status_code=422, detail=f"Invalid role '{body.role}'. Valid roles: {', '.join(ROLES)}.")
    return CreateApiKeyResponse(key_id="ak_oracle", api_key="amigo_sk_oracle", name=body.name, role=body.role,
                                permissions=body.permissions, expires_at="2026-08-04T00:00:00Z",
                                created_by_entity_id=None, created_by_credential_id=None)


@app.delete("/v1/{workspace_id}/api-keys/{key_id}", operation_id="delete-api-key", status_code=204)
async def delete_api_key(workspace_id: UUID, key_id: str, key: Optional[UUID] = Depends(current_key)):
    check_workspace(key, workspace_id)
    raise HTTPException(status_code=404, detail="API key not found.")


@app.post("/v1/{workspace_id}/api-keys/{key_id}/rotate", operation_id="rotate-api-key", response_model=CreateApiKeyResponse)
async def rotate_api_key(workspace_id: UUID, key_id: str, body: RotateApiKeyRequest,
                         key: Optional[UUID] = Depends(current_key)):
    check_workspace(key, workspace_id)
    raise HTTPException(status_code=404, detail="API key not found.")


@app.get("/v1/{workspace_id}/tasks/by-call/{call_sid}", response_model=TaskListResponse)
async def list_tasks_by_call(workspace_id: UUID, call_sid: str, key: Optional[UUID] = Depends(current_key)):
    check_workspace(key, workspace_id)
    # Newest first (the last seeded first): the vendor documents no order; this is polytask's.
    return {"tasks": [t for t in reversed(TASKS) if t["workspace_id"] == str(workspace_id) and t["call_sid"] == call_sid]}


@app.get("/v1/{workspace_id}/tasks/{task_id}", response_model=TaskStateResponse)
async def get_task(workspace_id: UUID, task_id: str, key: Optional[UUID] = Depends(current_key)):
    check_workspace(key, workspace_id)
    for t in TASKS:
        if t["workspace_id"] == str(workspace_id) and t["task_id"] == task_id:
            return t
    raise HTTPException(status_code=404, detail="Task not found or expired")
