# Shared helpers for the end-to-end tests (sourced by the *.sh tests; CTest runs only *.sh).
# Every test gets AUTOMIX, AUTOMIX_SOURCE_DIR, AUTOMIX_SHARED_DIR and PYTHON in its environment.
set -u
: "${AUTOMIX:?AUTOMIX must point at the automix executable}"
: "${PYTHON:=/usr/bin/python3}"
WORK="$(mktemp -d)"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
FAILURES=0

fail() { echo "FAIL: $*"; FAILURES=$((FAILURES + 1)); }
pass() { echo "ok: $*"; }

# expect_exit CODE DESCRIPTION -- command...: runs the command, checks its exit code and that
# stderr starts with "error:" when the code is non-zero.
expect_exit() {
  local want="$1" what="$2"; shift 3
  local err="$WORK/stderr.txt"
  "$@" >"$WORK/stdout.txt" 2>"$err"
  local got=$?
  if [[ "$got" != "$want" ]]; then
    fail "$what: exit $got, expected $want; stderr: $(head -3 "$err")"
  elif [[ "$want" != 0 ]] && ! grep -q '^error: ' "$err"; then
    fail "$what: no 'error:' line on stderr: $(head -3 "$err")"
  else
    pass "$what (exit $got)"
  fi
}

# assert_no_outputs DIR: no mix, report or temporary file was left behind.
assert_no_outputs() {
  local left
  left=$(find "$1" -maxdepth 1 \( -name 'mix*' -o -name '.mix*' -o -name '*.tmp-*' \) | head -5)
  [[ -z "$left" ]] || fail "files left behind in $1: $left"
}

finish() {
  if ((FAILURES > 0)); then echo "$FAILURES failure(s)"; exit 1; fi
  echo "all passed"; exit 0
}
