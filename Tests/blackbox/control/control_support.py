"""Helpers for the control-plane suites: raw HTTP through blackbox_http, with an optional
bearer token."""
from blackbox_http import send


def call(server, method, path, body=None, headers=None, token=None):
    h = dict(headers or {})
    if token:
        h["Authorization"] = f"Bearer {token}"
    return send(server, method, path, body, h, timeout=15)


QUANT = "/api/v3/organizations/{org}/ai/tasks"
BEARER = "vendor-token"


def quant(server, method, org="acme", suffix="", body=None, headers=None):
    h = {"Authorization": f"Bearer {BEARER}"}
    h.update(headers or {})
    return call(server, method, QUANT.format(org=org) + suffix, body, headers=h)
