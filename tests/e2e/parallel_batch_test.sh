#!/usr/bin/env bash
# The GNU parallel recipe of docs/batch.md on localhost (`--sshlogin :` is the local machine, so
# no ssh is needed; on a real cluster the same line lists the hosts): three shards run as parallel
# jobs, then `automix batch --merge` joins their summaries. Every song is mixed exactly once and
# the merged summary is complete. Skips (77) when GNU parallel is missing
# (scripts/install-deps.sh --test installs it).
source "$(dirname "$0")/lib.bash"
if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  echo "SKIP: GNU parallel not installed (scripts/install-deps.sh --test)"
  exit 77
fi
SONGS=6
"$PYTHON" "$AUTOMIX_SOURCE_DIR/tests/e2e/make_batch_library.py" "$WORK/lib" "$SONGS" 1.0
N=3
# The recipe, with ':' (this machine, two jobs at a time) as the only host.
seq 1 "$N" | parallel --will-cite --sshlogin 2/: --halt never -q \
  "$AUTOMIX" batch "$WORK/lib" -o "$WORK/out" --shard "{}/$N" --engine sum --quiet
code=$?
[[ $code == 0 ]] && pass "parallel ran $N shards" || fail "parallel exited $code"
expect_exit 0 "merge" -- "$AUTOMIX" batch --merge -o "$WORK/out"
"$PYTHON" - "$WORK/out" "$SONGS" "$N" <<'PY' || fail "merged summary"
import json, os, sys
out, n, shards = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
owner = {}
for k in range(1, shards + 1):
    for row in json.load(open(os.path.join(out, f"batch-{k}-of-{shards}.json")))["songs"]:
        assert row["song"] not in owner and row["status"] == "ok" and not row["done_before"], row
        owner[row["song"]] = k
merged = json.load(open(os.path.join(out, "batch.json")))
assert sorted(owner) == [r["song"] for r in merged["songs"]] == [f"song {i:02d}" for i in range(n)]
assert merged["counts"]["ok"] == n and merged["finished"] and merged["missing_shards"] == []
for s in owner:
    assert os.path.getsize(os.path.join(out, s + ".wav")) > 0
assert not [f for f in os.listdir(out) if ".tmp-" in f]
PY
pass "every song mixed exactly once; merged summary complete"
finish
