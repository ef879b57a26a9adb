"""The robustness suites use every dialect's support module (quant_support, amigo_support,
agent_task_support, chamelio_support): their folders go on sys.path, so that this folder runs
alone (pytest Tests/blackbox/robustness) as well as with the others."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
for d in ("quant", "amigo", "agent_task", "chamelio"):
    p = os.path.join(HERE, "..", d)
    if p not in sys.path:
        sys.path.append(os.path.abspath(p))
