"""One write and one read per dialect that writes, for the robustness suites: what a client of
each vendor does, through the dialects' own support modules, and what each answers when the
store cannot write (503 in that vendor's error shape)."""
import uuid

import agent_task_support
import amigo_support
import chamelio_support
import quant_support
from blackbox_http import send


class Quant:
    name = "quant"

    def __init__(self, server):
        self.server = server

    def setup(self):
        self.existing = quant_support.create(self.server, {"title": "before the outage"})

    def read(self):
        return quant_support.call(self.server, "GET", quant_support.tasks_path() + "/" + self.existing)

    def write(self):
        return quant_support.call(self.server, "POST", quant_support.tasks_path(), {"title": "during the outage"})

    @staticmethod
    def is_unavailable(r):
        return (r.status == 503 and set(r.json) == {"error", "message"} and r.json["error"] == "Service unavailable"
                and r.json["message"].startswith("Failed to create task: "))


class Amigo:
    name = "amigo"

    def __init__(self, server):
        self.api = amigo_support.Api(server)

    def setup(self):
        self.existing = self.api.create_task({"task_id": "before-outage", "call_sid": "CA1", "skill": "s"})["task_id"]

    def read(self):
        return self.api.get(f"/v1/{amigo_support.WS}/tasks/{self.existing}")

    def write(self):
        return self.api.post(f"/v1/{amigo_support.WS}/api-keys", {"duration_days": 1, "name": "during the outage"})

    @staticmethod
    def is_unavailable(r):
        return r.status == 503 and r.json == {"detail": "Service Unavailable"}


class AgentTask:
    name = "agentTask"
    KEY = "robust-key"

    def __init__(self, server):
        self.server = server

    def setup(self):
        self.agent = agent_task_support.create_agent(self.server, self.KEY)
        r = agent_task_support.run(self.server, self.agent, self.KEY)
        assert r.status == 201, r
        self.existing = r.json["id"]

    def read(self):
        return agent_task_support.task(self.server, self.existing, self.KEY)

    def write(self):
        return agent_task_support.run(self.server, self.agent, self.KEY)

    @staticmethod
    def is_unavailable(r):
        return r.status == 503 and r.json == {"error": "Service unavailable"}


class Chamelio:
    name = "chamelio"

    def __init__(self, server):
        self.api = chamelio_support.Api(server)

    def setup(self):
        self.existing = self.api.initiate()

    def read(self):
        return self.api.get(f"/tasks/{self.existing}")

    def write(self):
        return self.api.post("/workflows/vendor_contract_review/latest/initiate", chamelio_support.CONTRACT)

    @staticmethod
    def is_unavailable(r):
        return r.status == 503 and r.json == {"detail": "Service Unavailable"}


class Seed:
    """The control plane's seed: a write of any dialect's data, in polytask's own error shape."""
    name = "seed"

    def __init__(self, server):
        self.server = server

    def setup(self):
        pass

    def read(self):
        return send(self.server, "GET", "/_polytask/export?dialect=quant")

    def write(self):
        doc = {"quant": {"seeded-org": [{"taskId": str(uuid.uuid4()), "title": "seeded", "status": "pending",
                                         "createdAt": 1767225600000}]}}
        return send(self.server, "POST", "/_polytask/seed", doc)

    @staticmethod
    def is_unavailable(r):
        return (r.status == 503 and r.json["error"] == "store_unavailable"
                and r.json["message"].startswith("quant: "))


WRITERS = [Quant, Amigo, AgentTask, Chamelio, Seed]
