"""The requests whose answers the oracle settles for polytask's Amigo dialect.

Each case is a request (method, path, headers, body bytes); `generate.py` runs every case against
the reference app (amigo_app.py) with Starlette's TestClient and writes the request together with
the answer (status, the headers that matter, body) to Tests/blackbox/amigo/oracle_expected.json,
which Tests/blackbox/amigo/test_amigo_oracle.py replays against the real binary.

`compare`: "body" (status, headers and body byte for byte), or "status" (status only: answers
whose body holds values the oracle cannot know, such as a generated secret).
"""
from amigo_app import BOOTSTRAP, CALL_SID, OTHER_KEY, OTHER_WS, WS
from oracle_generate import case

WS = str(WS)
OTHER_WS = str(OTHER_WS)
AUTH = {"Authorization": f"Bearer {BOOTSTRAP}"}
JSON = {**AUTH, "Content-Type": "application/json"}
KEYS = f"/v1/{WS}/api-keys"


def nested(depth, inner=b""):
    return b"[" * depth + inner + b"]" * depth


CASES = [
    # --- security before validation (HTTPBearer, then the key, then path/query/body) ---
    case("bad-ws-no-credentials", "GET", "/v1/not-a-uuid/tasks/x"),
    case("bad-ws-unknown-key", "GET", "/v1/not-a-uuid/tasks/x", {"Authorization": "Bearer nope"}),
    case("bad-ws-basic-scheme", "GET", "/v1/not-a-uuid/tasks/x", {"Authorization": "Basic eDp5"}),
    case("bad-ws-bearer-without-token", "GET", "/v1/not-a-uuid/tasks/x", {"Authorization": "Bearer"}),
    case("bad-ws-bearer-blank-token", "GET", "/v1/not-a-uuid/tasks/x", {"Authorization": "Bearer    "}),
    case("bad-ws-valid-key", "GET", "/v1/not-a-uuid/tasks/x", AUTH),
    case("bad-ws-other-workspace-key", "GET", "/v1/not-a-uuid/tasks/x", {"Authorization": f"Bearer {OTHER_KEY}"}),
    case("good-ws-other-workspace-key", "GET", f"/v1/{WS}/tasks/float-half", {"Authorization": f"Bearer {OTHER_KEY}"}),
    case("lower-case-scheme", "GET", f"/v1/{WS}/tasks/float-half", {"Authorization": f"bearer {BOOTSTRAP}"}),
    case("basic-scheme-good-ws", "GET", f"/v1/{WS}/tasks/float-half", {"Authorization": "Basic eDp5"}),
    case("bad-ws-and-bad-body-valid-key", "POST", "/v1/not-a-uuid/api-keys", JSON, '{"duration_days": 0, "role": 5}'),
    case("bad-ws-and-bad-body-no-credentials", "POST", "/v1/not-a-uuid/api-keys",
         {"Content-Type": "application/json"}, '{"duration_days": 0}'),
    case("bad-query-no-credentials", "GET", f"{KEYS}?limit=0"),
    case("bad-query-and-bad-ws-valid-key", "GET", "/v1/nope/api-keys?limit=0&mine_only=maybe", AUTH),
    case("malformed-json-no-credentials", "POST", KEYS, {"Content-Type": "application/json"}, '{"duration_days": '),
    case("unparseable-body-no-credentials", "POST", KEYS, {"Content-Type": "application/json"}, b'{"name": "\xff"}'),
    case("bad-body-other-workspace-key", "POST", KEYS, {"Authorization": f"Bearer {OTHER_KEY}",
                                                        "Content-Type": "application/json"}, '{"duration_days": 0}'),

    # --- workspace_id as pydantic-core 2.46.4 reads a UUID ---
    *[case(f"uuid-{i}", "GET", f"/v1/{ws}/tasks/float-half", AUTH) for i, ws in enumerate([
        "not-a-uuid", "xyz", "0000000g-0000-0000-0000-000000000001", "00000000-0000-0000-0000-00000000000",
        "00000000-0000-0000-0000-0000000000011", "00000000000000000000000000000001", "0000000000000000000000000000001",
        "00000000-0000-0000-0000_000000000001", "{00000000-0000-0000-0000-000000000001}",
        "urn:uuid:00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-00000000000%C3%A9",
        "%C3%A9", "0000-0000-0000-0000-0000", "{0000000g-0000-0000-0000-000000000001}",
        "00000000-0000-0000-0000-000000000001-", "00000000-00000-000-0000-000000000001",
        "00000000-0000-0000-0000-00000000000G", "00000000-0000-0000-0000-0000000000-1",
    ])],

    # --- routing as Starlette routes (APIRoute adds no HEAD; 405 from the first partial match) ---
    case("head-on-get-route", "HEAD", f"/v1/{WS}/tasks/float-half", AUTH),
    case("head-on-list-keys", "HEAD", KEYS, AUTH),
    case("delete-on-get-route", "DELETE", f"/v1/{WS}/tasks/float-half", AUTH),
    case("put-on-keys", "PUT", KEYS, AUTH),
    case("patch-on-keys", "PATCH", KEYS, AUTH),
    case("get-on-key", "GET", f"{KEYS}/ak_1", AUTH),
    case("get-on-rotate", "GET", f"{KEYS}/ak_1/rotate", AUTH),
    case("options-on-by-call", "OPTIONS", f"/v1/{WS}/tasks/by-call/{CALL_SID}", AUTH),
    case("unknown-path", "GET", f"/v1/{WS}/nothing", AUTH),
    case("unknown-path-no-credentials", "GET", f"/v1/{WS}/nothing"),
    case("wrong-method-no-credentials", "DELETE", f"/v1/{WS}/tasks/x"),
    case("encoded-slash-in-task-id", "GET", f"/v1/{WS}/tasks/a%2Fb", AUTH),
    case("encoded-slash-reaches-by-call", "GET", f"/v1/{WS}/tasks/by-call%2F{CALL_SID}", AUTH),
    case("encoded-slashes-in-workspace", "GET", f"/v1/{WS}%2Ftasks%2Ffloat-half", AUTH),
    case("encoded-slash-in-key-id", "DELETE", f"{KEYS}/a%2Fb", AUTH),
    case("encoded-slash-in-key-id-rotate", "POST", f"{KEYS}/a%2Frotate", JSON, '{"duration_days": 1}'),
    case("not-utf8-escape-in-task-id", "GET", f"/v1/{WS}/tasks/%FF", AUTH),
    case("broken-escape-in-task-id", "GET", f"/v1/{WS}/tasks/a%2", AUTH),
    case("encoded-letters-in-task-id", "GET", f"/v1/{WS}/tasks/float%2Dhalf", AUTH),
    # --- empty segments: no route matches them; redirect_slashes for trailing ones ---
    case("trailing-slash", "GET", f"/v1/{WS}/tasks/float-half/", AUTH),
    case("trailing-slash-no-credentials", "GET", f"/v1/{WS}/tasks/float-half/"),
    case("trailing-slashes-and-query", "GET", f"/v1/{WS}/tasks/float-half//?x=1&y=%2F", AUTH),
    case("trailing-slash-wrong-method", "PUT", f"{KEYS}/", AUTH),
    case("trailing-encoded-slash", "GET", f"/v1/{WS}/tasks/float-half%2F", AUTH),
    case("trailing-slash-unknown-path", "GET", f"/v1/{WS}/nothing/", AUTH),
    case("doubled-slash-inside", "GET", f"/v1/{WS}//tasks/float-half", AUTH),
    case("doubled-slash-leading", "GET", f"//v1/{WS}/tasks/float-half", AUTH),
    case("doubled-slash-and-trailing", "GET", f"/v1//{WS}/tasks/float-half/", AUTH),

    # --- numbers in responses (pydantic-core's float serialisation) ---
    *[case(f"float-{t}", "GET", f"/v1/{WS}/tasks/float-{t}", AUTH)
      for t in ("half", "integral", "tiny", "big", "huge", "sum", "neg-zero", "1e15", "small")],

    # --- bodies: what cannot be parsed (400), what is malformed (422 json_invalid) ---
    case("invalid-utf8", "POST", KEYS, JSON, b'{"duration_days": 5, "name": "\xff"}'),
    case("invalid-utf8-after-syntax-error", "POST", KEYS, JSON, b'{"duration_days": 5,, "name": "\xff"}'),
    case("int-4300-digits", "POST", KEYS, JSON, b'{"duration_days": 1' + b"0" * 4299 + b"}"),
    case("int-4301-digits", "POST", KEYS, JSON, b'{"duration_days": 1' + b"0" * 4300 + b"}"),
    case("int-4301-digits-ignored-field", "POST", KEYS, JSON, b'{"duration_days": 5, "x": 1' + b"0" * 4300 + b"}"),
    case("nesting-300-ignored", "POST", KEYS, JSON, b'{"duration_days": 5, "x": ' + nested(300) + b"}", "status"),
    case("nesting-900-ignored", "POST", KEYS, JSON, b'{"duration_days": 5, "x": ' + nested(900) + b"}", "status"),
    case("nesting-300-echoed", "POST", KEYS, JSON, b'{"duration_days": 5, "name": ' + nested(300) + b"}"),
    case("nesting-900-echoed", "POST", KEYS, JSON, b'{"duration_days": 5, "name": ' + nested(900) + b"}"),
    case("nesting-900-body", "POST", KEYS, JSON, nested(900)),
    case("nesting-2000", "POST", KEYS, JSON, b'{"duration_days": 5, "x": ' + nested(2000) + b"}"),
    case("nesting-2000-objects", "POST", KEYS, JSON, b'{"duration_days": 5, "x": ' + b'{"a":' * 2000 + b"1" + b"}" * 2000 + b"}"),
    case("truncated", "POST", KEYS, JSON, '{"duration_days": 91'),
    case("empty-object-trailing-comma", "POST", KEYS, JSON, '{"duration_days": 5,}'),
    case("single-quotes", "POST", KEYS, JSON, "{'duration_days': 5}"),
    case("extra-data", "POST", KEYS, JSON, '{"duration_days": 5} x'),
    case("control-char", "POST", KEYS, JSON, '{"name": "a\tb", "duration_days": 5}'),
    case("bad-escape", "POST", KEYS, JSON, r'{"name": "a\qb", "duration_days": 5}'),
    case("bad-unicode-escape", "POST", KEYS, JSON, r'{"name": "a\u12", "duration_days": 5}'),
    case("non-ascii-before-error", "POST", KEYS, JSON, '{"name": "ééé", "duration_days": }'),
    case("unterminated-string", "POST", KEYS, JSON, '{"name": "abc'),
    case("missing-colon", "POST", KEYS, JSON, '{"name" "abc"}'),
    case("leading-zero", "POST", KEYS, JSON, '{"duration_days": 05}'),
    case("plus-sign", "POST", KEYS, JSON, '{"duration_days": +5}'),
    case("bare-word", "POST", KEYS, JSON, "hello"),
    case("whitespace-only", "POST", KEYS, JSON, "   "),
    case("lone-surrogate-escape", "POST", KEYS, JSON, r'{"duration_days": 5, "name": 7, "x": "\ud800"}'),
    case("utf8-bom", "POST", KEYS, JSON, b'\xef\xbb\xbf{"duration_days": 0}'),
    case("utf16-le-body", "POST", KEYS, JSON, '{"duration_days": 0}'.encode("utf-16-le")),
    case("utf16-with-bom", "POST", KEYS, JSON, '{"duration_days": 0}'.encode("utf-16")),
    case("nan", "POST", KEYS, JSON, '{"duration_days": NaN}'),
    case("infinity-overflow", "POST", KEYS, JSON, '{"duration_days": 1e400}'),
    case("nan-in-ignored-field", "POST", KEYS, JSON, '{"duration_days": 5, "x": [NaN, -Infinity, 1e999]}', "status"),
    case("duplicate-keys-last-wins", "POST", KEYS, JSON, '{"duration_days": 0, "duration_days": 91}'),

    # --- content types ---
    case("no-content-type", "POST", KEYS, AUTH, '{"duration_days": 5}'),
    case("text-plain", "POST", KEYS, {**AUTH, "Content-Type": "text/plain"}, '{"duration_days": 5}'),
    case("form-urlencoded", "POST", KEYS, {**AUTH, "Content-Type": "application/x-www-form-urlencoded"}, '{"duration_days": 0}'),
    case("json-with-charset", "POST", KEYS, {**AUTH, "Content-Type": "application/json; charset=utf-8"}, '{"duration_days": 0}'),
    case("vendor-json", "POST", KEYS, {**AUTH, "Content-Type": "application/vnd.amigo+json"}, '{"duration_days": 0}'),
    case("json-upper-case", "POST", KEYS, {**AUTH, "Content-Type": "APPLICATION/JSON"}, '{"duration_days": 0}'),
    case("json-patch-is-not-json", "POST", KEYS, {**AUTH, "Content-Type": "application/json-patch"}, '{"duration_days": 0}'),
    case("no-content-type-invalid-utf8", "POST", KEYS, AUTH, b'{"name": "\xff"}'),
    case("empty-body", "POST", KEYS, JSON, b""),

    # --- integers and floats in validation errors (exact integers, Python repr floats) ---
    case("big-int-above", "POST", KEYS, JSON, '{"duration_days": 12345678901234567890123}'),
    case("big-int-below", "POST", KEYS, JSON, '{"duration_days": -12345678901234567890123}'),
    case("int64-max-plus-one", "POST", KEYS, JSON, '{"duration_days": 9223372036854775808}'),
    case("int64-min", "POST", KEYS, JSON, '{"duration_days": -9223372036854775808}'),
    case("float-fraction", "POST", KEYS, JSON, '{"duration_days": 1.5}'),
    case("float-tiny-fraction", "POST", KEYS, JSON, '{"duration_days": 1e-7}'),
    case("float-integral-too-big", "POST", KEYS, JSON, '{"duration_days": 1e16}'),
    case("float-integral-in-range", "POST", KEYS, JSON, '{"duration_days": 5.0, "role": 1.0}'),
    case("float-as-name", "POST", KEYS, JSON, '{"duration_days": 5, "name": 0.1}'),
    case("float-exponent-as-name", "POST", KEYS, JSON, '{"duration_days": 5, "name": 1E+2}'),
    case("negative-zero-as-name", "POST", KEYS, JSON, '{"duration_days": 5, "name": -0.0}'),
    case("big-int-as-name", "POST", KEYS, JSON, '{"duration_days": 5, "name": 123456789012345678901234567890}'),
    case("huge-float-integral", "POST", KEYS, JSON, '{"duration_days": 1.5e300}'),
    case("string-big-int", "POST", KEYS, JSON, '{"duration_days": "12345678901234567890123"}'),
    case("rotate-big-int", "POST", f"{KEYS}/ak_1/rotate", JSON, '{"duration_days": 99999999999999999999}'),
    case("query-big-int", "GET", f"{KEYS}?limit=99999999999999999999", AUTH),
    case("query-negative-big-int", "GET", f"{KEYS}?limit=-99999999999999999999", AUTH),
    case("query-bad-int", "GET", f"{KEYS}?limit=abc&continuation_token=1.5", AUTH),
    case("permissions-nested", "POST", KEYS, JSON, '{"duration_days": 5, "permissions": [[1.0, 2], "ok"]}'),
]
