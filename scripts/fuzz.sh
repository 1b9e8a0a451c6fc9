#!/usr/bin/env bash
# Fuzzes a running emulator through its own OpenAPI document with schemathesis (from PyPI,
# installed once into target/fuzz-venv): every documented operation gets valid and invalid
# requests generated from the document, and every answer is checked:
#   not_a_server_error           no 5xx answer, no crash, no dropped connection
#   status_code_conformance      the status is one the document lists for the operation
#   content_type_conformance     the answer has the documented Content-Type
#   response_headers_conformance the documented headers are there
#   response_schema_conformance  the body fits the documented schema
#   ignored_auth                 operations with a bearer token refuse requests without one
#   negative_data_rejection      a request the document calls invalid gets a 4xx
# Exits non-zero on any failed check and if schemathesis itself errs. Takes about 2 minutes.
#
#   EMULATOR_URL=http://127.0.0.1:8797 scripts/fuzz.sh
# EMULATOR_URL (default http://127.0.0.1:8787): the emulator (scripts/emulator.sh start).
# FUZZ_EXAMPLES (default 40): examples per operation and per phase (valid, then invalid data).
# FUZZ_SEED (default 20261123): the Hypothesis seed; `random` for a new one each run.
#
# Excluded: the operations tagged `unavailable` in the document (OAuth provider/uri and
# provider/token, WeChat, WeDa, QR code, device, captcha, user/profile, user/query, the
# provider trans endpoints, checkUsername, mgr/provider and every /auth/v2/* route): the
# emulator answers them all with HTTP 501 `unimplemented` by design, a 5xx that
# not_a_server_error would report on every request.
#
# Authenticated operations get a fresh user's access token for every request (a custom-login
# ticket from the dev API, then POST /auth/v1/signin/custom), so that a generated DELETE
# /user/me or sign-out cannot spoil the requests after it; without it schemathesis would only
# send random bearer tokens. Generated tokens would also hold control characters, which the
# HTTP layer (hyper) refuses with a bare 400 before the emulator sees the request.
#
# The hooks also put generated data on the wire as the SDK would, so that negative_data_rejection
# judges what the emulator receives: text/plain bodies are sent as JSON text (not Python's str()
# of the value); a query with an undocumented parameter or a non-string value (both vanish or
# become a valid string on the wire) is not generated for operations with a required query
# parameter; and leaving out an optional body of an operation without parameters counts as valid.
#
# The fuzzer changes the emulator's config and data (PATCH /emulator/v1/config, users,
# POST /emulator/v1/reset): at the end the config is put back as it was and every user, code
# and token is cleared (POST /emulator/v1/reset), so stages after this one start clean.
set -uo pipefail
cd "$(dirname "$0")/.."
URL="${EMULATOR_URL:-http://127.0.0.1:8787}"
URL="${URL%/}"
EXAMPLES="${FUZZ_EXAMPLES:-40}"
SEED="${FUZZ_SEED:-20261123}"
VENV="target/fuzz-venv"
OUT="target/fuzz"
# schemathesis 3.39.16 (the last 3.x) with the exact dependency set it was tested with: a newer
# hypothesis (6.13x+) breaks its hypothesis-jsonschema 0.23.1 (`'many' object has no attribute
# 'more'`), after which schemathesis reports an empty run and exits 0.
SCHEMATHESIS_VERSION="3.39.16"

log() { printf '[fuzz] %s\n' "$*"; }

# 1. The fuzzer, installed once (again only when the pinned version changes).
mkdir -p "$OUT"
cat >"$OUT/constraints.txt" <<'EOF'
anyio==4.16.0
arrow==1.4.0
attrs==26.1.0
backoff==2.2.1
certifi==2026.10.18
charset-normalizer==3.5.2
click==8.5.1
colorama==0.4.6
fqdn==1.6.0
graphql-core==3.3.2
h11==0.16.0
harfile==0.6.0
httpcore==1.0.9
httpx==0.28.1
hypothesis==6.131.0
hypothesis-graphql==0.13.5
hypothesis-jsonschema==0.23.1
idna==3.20
iniconfig==2.3.1
isoduration==20.11.0
jsonpointer==3.12
jsonschema==4.26.0
jsonschema-specifications==2025.9.1
junit-xml==1.9
MarkupSafe==3.0.4
multidict==7.2.1
packaging==26.3
pluggy==1.7.0
propcache==0.5.4
Pygments==2.21.0
pyrate-limiter==3.9.0
pytest==8.4.2
pytest-subtests==0.14.2
python-dateutil==4.0.0
PyYAML==6.0.3
referencing==0.37.0
requests==2.34.2
rfc3339-validator==0.1.4
rfc3987==1.3.8
rpds-py==2026.9.1
schemathesis==3.39.16
six==1.17.0
sortedcontainers==2.4.0
starlette==0.52.1
starlette-testclient==0.4.1
tomli==2.5.0
tomli_w==1.2.0
typing_extensions==4.16.0
tzdata==2026.6
uri-template==1.3.0
urllib3==2.8.0
webcolors==25.10.0
Werkzeug==3.1.9
yarl==1.25.1
EOF
STAMP="$VENV/.installed-$( { cat "$OUT/constraints.txt"; python3 --version; } 2>&1 | cksum | cut -d' ' -f1)"
if [ ! -f "$STAMP" ] || ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -qF "$SCHEMATHESIS_VERSION"; then
  log "installing schemathesis $SCHEMATHESIS_VERSION into $VENV"
  rm -rf "$VENV"
  python3 -m venv "$VENV" || { echo "error: python3 -m venv failed (run scripts/setup.sh: it installs python3-venv)" >&2; exit 1; }
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    -c "$OUT/constraints.txt" "schemathesis==$SCHEMATHESIS_VERSION" || exit 1
  touch "$STAMP"
fi

# 2. The emulator must be up.
if ! curl -fsS "$URL/emulator/v1/health" >/dev/null 2>&1; then
  echo "error: no emulator answers at $URL (start one: scripts/emulator.sh start)" >&2
  exit 1
fi
CONFIG_NOW=$(curl -fsS "$URL/emulator/v1/config") || { echo "error: GET $URL/emulator/v1/config failed" >&2; exit 1; }
# The config as a PATCH that puts it back: `smtp` without its read-only fields (the password
# is kept by a PATCH that does not name it, lost if the fuzzer removed the server), or null.
CONFIG_BEFORE=$(printf '%s' "$CONFIG_NOW" | python3 -c '
import json, sys
c = json.load(sys.stdin)
s = c.get("smtp")
c["smtp"] = {k: s[k] for k in ("host", "port", "security", "user", "from")} if s else None
print(json.dumps(c))')
restore() {
  curl -fsS -X PATCH -H 'content-type: application/json' "$URL/emulator/v1/config" -d "$CONFIG_BEFORE" >/dev/null \
    && curl -fsS -X POST -H 'content-type: application/json' "$URL/emulator/v1/reset" -d '{}' >/dev/null \
    || echo "warning: could not restore the emulator's config and data at $URL" >&2
}
trap restore EXIT

# 3. The hooks: a fresh access token for every request to an operation with a bearer token.
cat >"$OUT/hooks.py" <<'EOF'
"""Schemathesis hooks for the emulator: real access tokens for authenticated operations."""
import json
import os
import re
import urllib.request
import uuid

import schemathesis
from schemathesis import DataGenerationMethod
from schemathesis.types import NotSet

URL = os.environ["FUZZ_EMULATOR_URL"]
ENV = "fuzz-env"


def _post(path, body):
    req = urllib.request.Request(
        URL + path, data=json.dumps(body).encode(), method="POST",
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.load(res)


@schemathesis.auth(refresh_interval=None)
class FreshUserToken:
    """A new user, signed in with a custom-login ticket, for each request that needs a token."""

    def get(self, case, context):
        if not case.operation.definition.raw.get("security"):
            return None
        ticket = _post(f"/emulator/v1/tickets?client_id={ENV}", {"uid": "fuzz-" + uuid.uuid4().hex[:16]})
        creds = _post(f"/auth/v1/signin/custom?client_id={ENV}", {"provider_id": "custom", "ticket": ticket["ticket"]})
        return creds["access_token"]

    def set(self, case, data, context):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_CTL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


@schemathesis.hook
def before_call(context, case):
    """Sends text/plain bodies as JSON text, as the SDK does (schemathesis would send Python's
    str() of the value: never JSON for an object, and an empty body, which the emulator reads as
    `{}`, for the string ""). Then cleans the headers."""
    if case.media_type == "text/plain" and not isinstance(case.body, (bytes, NotSet)):
        case.body = json.dumps(case.body)
    if (
        case.data_generation_method == DataGenerationMethod.negative
        and isinstance(case.body, NotSet)
        and not any(
            (
                case.operation.path_parameters,
                case.operation.query,
                [p for p in case.operation.headers if p.name != "Authorization"],
                case.operation.cookies,
            )
        )
    ):
        # An operation whose only input is an optional body (no parameters but the bearer
        # token, set by FreshUserToken; undocumented headers or query parameters are ignored),
        # with the body left out: a valid request, though schemathesis counts it as negative.
        case.data_generation_method = DataGenerationMethod.positive
    _clean_headers(case)


def _clean_headers(case):
    """Drops what HTTP itself forbids in headers (RFC 9110 5.1, 5.5): a name that is not a token,
    control characters (C0 and C1) in a value, and leading whitespace (Unicode included), which
    requests refuses. hyper refuses such a request with a bare 400 before the emulator sees it:
    HTTP working, not the emulator."""
    if case.headers:
        case.headers = {
            k: _CTL.sub("", v).lstrip() if isinstance(v, str) else v
            for k, v in case.headers.items()
            if _TOKEN.match(k)
        }


@schemathesis.hook
def filter_query(context, query):
    """Keeps only queries of documented parameters with string values. For negative data
    schemathesis also makes values that differ from a valid one only before they are put on the
    wire (the number 0 is sent as "0", a parameter with an empty name and no value is not sent)
    and expects a refusal; every query value is a string on the wire."""
    if not query or context.operation is None:
        return True
    if not any(p.is_required for p in context.operation.query):
        # Nothing else to negate: leave the query alone (else no negative case can be made).
        return True
    known = {p.name for p in context.operation.query}
    return set(query) <= known and all(isinstance(v, str) for v in query.values())


@schemathesis.hook
def after_call(context, case, response):
    """Puts the config back after a generated PATCH /emulator/v1/config: left as generated (login
    methods switched off, 1-second token lifetimes) it would turn most later requests into the
    same refusal."""
    if case.operation.path == "/emulator/v1/config" and case.operation.method.upper() == "PATCH":
        req = urllib.request.Request(
            URL + "/emulator/v1/config", data=os.environ["FUZZ_CONFIG"].encode(), method="PATCH",
            headers={"content-type": "application/json"},
        )
        urllib.request.urlopen(req, timeout=30).close()
EOF

# 4. The run: valid data, then invalid data (two runs, so that each gets its examples).
seed_args=(--hypothesis-seed "$SEED")
[ "$SEED" = random ] && seed_args=()
status=0
for method in positive negative; do
  extra=()
  # unbindProvider's only input is a plain string path parameter: there is no invalid value
  # to generate, and schemathesis reports that as an error.
  [ "$method" = negative ] && extra=(--exclude-operation-id unbindProvider)
  log "$method data, $EXAMPLES examples per operation, against $URL"
  FUZZ_EMULATOR_URL="$URL" FUZZ_CONFIG="$CONFIG_BEFORE" SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$OUT" \
    PYTHONWARNINGS=ignore::FutureWarning \
    "$VENV/bin/schemathesis" run "$URL/emulator/v1/openapi.json" \
      --base-url "$URL" \
      --exclude-tag unavailable \
      --checks all \
      "${extra[@]}" \
      --data-generation-method "$method" \
      --hypothesis-max-examples "$EXAMPLES" \
      --hypothesis-database none \
      --hypothesis-suppress-health-check too_slow,filter_too_much \
      "${seed_args[@]}" \
      --workers 2 \
      --request-timeout 30000 \
      --max-failures 20 \
      --no-color \
      --sanitize-output false \
      --schemathesis-io-telemetry false \
      --junit-xml "$OUT/$method.xml" \
      2>&1 | tee "$OUT/$method.log"
  rc=${PIPESTATUS[0]}
  # schemathesis exits 0 when an internal error leaves it nothing to run: ask for evidence.
  if [ "$rc" -ne 0 ]; then
    log "$method: schemathesis exited $rc"; status=1
  elif grep -q 'Traceback (most recent call last)' "$OUT/$method.log" \
      || ! grep -Eq '^ *not_a_server_error +[0-9]+ / [0-9]+ passed +PASSED' "$OUT/$method.log"; then
    log "$method: schemathesis did not run its checks (see $OUT/$method.log)"; status=1
  fi
done
[ "$status" -eq 0 ] && log "no failures" || log "FAILED (logs in $OUT/)"
exit "$status"
