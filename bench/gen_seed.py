#!/usr/bin/env python3
"""bench/gen_seed.py: a Quant seed document of N generated tasks, for the bench steps.

  gen_seed.py --tasks N [--org quant] [--prefix t] [--list LIST --list-tasks M] [--deps K] OUT

Task i has the id PREFIX-<i, 7 digits> (so wrk scripts can name any task without a lookup),
createdAt 1735689600000 + i (unique: list order is total), status cycling through
pending/in_progress/blocked/completed (a quarter each; no expiresAt, so nothing expires).
The first M tasks (--list-tasks) are in task list LIST; inside it task i depends on the
K tasks before it (--deps, default 2), so the list's dependency graph has M nodes and about
K*M edges. Written as compact JSON, streamed, so a million tasks take seconds and little memory.
"""
import argparse, json, sys

STATUSES = ["pending", "in_progress", "blocked", "completed"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--tasks", type=int, required=True)
    p.add_argument("--org", default="quant")
    p.add_argument("--prefix", default="t")
    p.add_argument("--list", default="graph-list")
    p.add_argument("--list-tasks", type=int, default=0)
    p.add_argument("--deps", type=int, default=2)
    p.add_argument("out")
    a = p.parse_args()
    base = 1735689600000
    with open(a.out, "w", buffering=1 << 20) as f:
        f.write('{"quant":{%s:[' % json.dumps(a.org))
        for i in range(a.tasks):
            tid = "%s-%07d" % (a.prefix, i)
            status = STATUSES[i % 4]
            in_list = i < a.list_tasks
            deps = ["%s-%07d" % (a.prefix, j) for j in range(max(0, i - a.deps), i)] if in_list else []
            t = ['"taskId":"%s"' % tid, '"orgId":%s' % json.dumps(a.org),
                 '"title":"Generated task %d"' % i,
                 '"description":"Summarise document %d and store the key facts for the next agent."' % i,
                 '"status":"%s"' % status, '"assignedAgentId":"agent-%03d"' % (i % 200),
                 '"createdByAgentId":"agent-coordinator"', '"dependsOn":%s' % json.dumps(deps),
                 '"metadata":{"priority":"normal","source":"bench","attempt":%d}' % (i % 5),
                 '"progress":%s' % ("1" if status == "completed" else "0"),
                 '"retryCount":0', '"maxRetries":3',
                 '"createdAt":%d' % (base + i), '"updatedAt":%d' % (base + i)]
            if in_list:
                t.append('"taskListId":%s' % json.dumps(a.list))
            if status == "completed":
                t.append('"completedAt":%d' % (base + i))
            f.write(("," if i else "") + "{" + ",".join(t) + "}")
        f.write("]}}\n")


if __name__ == "__main__":
    sys.exit(main())
