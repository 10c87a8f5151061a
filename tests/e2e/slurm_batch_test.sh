#!/usr/bin/env bash
# examples/slurm against a real Slurm: a single-node cluster (munged, slurmctld, slurmd from a
# generated config in a temporary folder) runs the job array over a small library, then the merge
# job. Checks: every task and the merge job completed, every song was mixed exactly once (in exactly
# one shard, not found done before) into a complete mix and report, and the merged summary lists
# them all. A second submission mixes nothing again. The daemons are stopped and the temporary
# folder removed on every exit path. Needs root and scripts/install-deps.sh --test (skips with 77
# otherwise).
source "$(dirname "$0")/lib.bash"
source "$(dirname "$0")/slurm_cluster.bash"
for tool in munged slurmctld slurmd sbatch squeue scontrol; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "SKIP: $tool not installed (scripts/install-deps.sh --test installs slurm-wlm and munge)"
    exit 77
  fi
done
if [[ $(id -u) -ne 0 ]]; then echo "SKIP: needs root (slurmd launches the jobs)"; exit 77; fi
trap 'stop_slurm_cluster; chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
trap 'exit 143' TERM INT
chmod 755 "$WORK"

SONGS=7
"$PYTHON" "$AUTOMIX_SOURCE_DIR/tests/e2e/make_batch_library.py" "$WORK/lib" "$SONGS" 1.0
mkdir -p "$WORK/slurm" "$WORK/jobs"
start_slurm_cluster "$WORK/slurm" || { fail "the test cluster did not start"; finish; }
pass "single-node Slurm cluster up ($(sinfo -h -o '%n %c CPUs %T'))"

# Submits the array and the merge job and waits for both; sets ARRAY and MERGE (job ids).
submit_and_wait() {
  local ids i
  ids=$(cd "$WORK/jobs" && AUTOMIX="$AUTOMIX" "$AUTOMIX_SOURCE_DIR/examples/slurm/submit.sh" 3 \
    "$WORK/lib" "$WORK/out" --engine sum) || { fail "submit.sh failed: $ids"; return 1; }
  read -r ARRAY MERGE <<<"$ids"
  # Bounded well inside CTest's 900 s, so the EXIT trap (not CTest's kill) stops the daemons.
  for ((i = 0; i < 300; i++)); do
    [[ -z "$(squeue -h -j "$ARRAY,$MERGE" 2>/dev/null)" ]] && break
    sleep 1
  done
  [[ -z "$(squeue -h -j "$ARRAY,$MERGE" 2>/dev/null)" ]] || fail "jobs still queued after 300 s"
}

# job_states JOBID: "STATE EXIT" of every job (array tasks included) of that id.
job_states() {
  scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]* .*\|ExitCode=[0-9:]*' |
    sed 's/ Reason.*//' | paste -d' ' - -
}

submit_and_wait
states="$(job_states "$ARRAY")"
[[ $(grep -c 'JobState=COMPLETED ExitCode=0:0' <<<"$states") == 3 ]] &&
  pass "3 array tasks completed with exit 0" || fail "array tasks: $states"
grep -q 'JobState=COMPLETED ExitCode=0:0' <<<"$(job_states "$MERGE")" &&
  pass "merge job completed with exit 0" || fail "merge job: $(job_states "$MERGE")"

check_batch() {  # check_batch EXPECT_DONE_BEFORE: the summaries and every song's outputs
  "$PYTHON" - "$WORK/lib" "$WORK/out" "$1" <<'PY'
import json, os, sys
import soundfile as sf
lib, out, done_before = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
songs = sorted(d for d in os.listdir(lib) if os.path.isdir(os.path.join(lib, d)))
seen = {}
for k in (1, 2, 3):
    shard = json.load(open(os.path.join(out, f"batch-{k}-of-3.json")))
    assert shard["shard"] == f"{k}/3" and shard["finished"], shard["shard"]
    for row in shard["songs"]:
        assert row["song"] not in seen, f"{row['song']} in shards {seen[row['song']]} and {k}"
        seen[row["song"]] = k
        assert row["status"] == "ok" and row["done_before"] == done_before, row
assert sorted(seen) == songs, (sorted(seen), songs)
assert len(set(seen.values())) > 1, "every song in one shard"
merged = json.load(open(os.path.join(out, "batch.json")))
assert merged["schema"]["name"] == "automix-batch-summary", merged["schema"]
assert merged["counts"]["total"] == len(songs) == merged["counts"]["ok"], merged["counts"]
assert merged["missing_shards"] == [] and merged["finished"] and merged["exit_code"] == 0
assert [r["song"] for r in merged["songs"]] == songs
for s in songs:
    report = json.load(open(os.path.join(out, s + ".json")))
    info = sf.info(os.path.join(out, s + ".wav"))
    assert report["output"]["path"].endswith(s + ".wav")
    assert abs(info.frames - report["output"]["duration_seconds"] * info.samplerate) <= 1
    assert abs(info.duration - 1.0) < 1e-3 and info.channels == 2
leftovers = [f for f in os.listdir(out) if ".tmp-" in f]
assert not leftovers, leftovers
csv = open(os.path.join(out, "batch.csv")).read().splitlines()
assert len(csv) == len(songs) + 1 and csv[0].startswith("song,status"), csv[:2]
print(f"{len(songs)} songs over shards {sorted(set(seen.values()))}, merged summary complete")
PY
}
check_batch 0 && pass "every song mixed exactly once; merged batch.json and batch.csv complete" ||
  fail "first submission"
mtimes_before=$(stat -c '%n %Y' "$WORK"/out/*.wav | md5sum)

submit_and_wait
check_batch 1 && pass "a second submission found every song done" || fail "second submission"
[[ "$(stat -c '%n %Y' "$WORK"/out/*.wav | md5sum)" == "$mtimes_before" ]] &&
  pass "no mix rewritten" || fail "mixes were rewritten"

stop_slurm_cluster
for pidfile in "$WORK"/slurm/run/*.pid; do
  [[ -s "$pidfile" ]] && kill -0 "$(<"$pidfile")" 2>/dev/null && fail "still running: $pidfile"
done
pass "daemons stopped"
finish
