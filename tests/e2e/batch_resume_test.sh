#!/usr/bin/env bash
# `automix batch` killed with SIGKILL in the middle and started again, three times over: in the
# end every song has exactly one complete mix and report, no song that was complete before a
# restart is mixed again (its files keep their inode and modification time), no temporary file is
# left and the summary is complete. Also: --shard 1/3, 2/3, 3/3 cover every song exactly once, a
# broken song fails alone (exit 10), --merge joins the shard summaries, and usage errors.
source "$(dirname "$0")/lib.bash"
SONGS=10
"$PYTHON" "$AUTOMIX_SOURCE_DIR/tests/e2e/make_batch_library.py" "$WORK/lib" "$SONGS" 4.0
OUT="$WORK/out"

# complete_songs: the songs whose mix and report are complete, with inode and mtime of both.
complete_songs() {
  "$PYTHON" - "$WORK/lib" "$OUT" <<'PY'
import json, os, sys
import soundfile as sf
lib, out = sys.argv[1], sys.argv[2]
for s in sorted(os.listdir(lib)):
    mix, rep = os.path.join(out, s + ".wav"), os.path.join(out, s + ".json")
    try:
        r = json.load(open(rep))
        info = sf.info(mix)
    except Exception:
        continue
    if abs(info.frames - r["output"]["duration_seconds"] * info.samplerate) <= 1:
        st_m, st_r = os.stat(mix), os.stat(rep)
        print(s, st_m.st_ino, st_m.st_mtime_ns, st_r.st_ino, st_r.st_mtime_ns)
PY
}

# run_and_kill BEFORE WHEN: starts the batch and kills it with SIGKILL as soon as (WHEN=song) one
# more song than BEFORE is complete, or (WHEN=temp) a temporary file exists, i.e. while a mix is
# being written and measured, so the kill leaves partial files behind.
run_and_kill() {
  local before="$1" when="$2" pid i n
  "$AUTOMIX" batch "$WORK/lib" -o "$OUT" --engine sum --jobs 2 --quiet &
  pid=$!
  if [[ "$when" == temp ]]; then
    "$PYTHON" - "$OUT" "$pid" <<'PY'
import os, signal, sys, time
out, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 120
while time.monotonic() < deadline:
    try:
        if any(".tmp-" in e.name for e in os.scandir(out)):
            break
    except FileNotFoundError:
        pass
    time.sleep(0.002)
os.kill(pid, signal.SIGKILL)
PY
  else
    for ((i = 0; i < 600; i++)); do
      n=$(complete_songs | wc -l)
      ((n > before)) && break
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
  fi
  kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
}

done_songs=""
temporaries_seen=0
for round in 1 2 3; do
  run_and_kill "$(grep -c . <<<"$done_songs")" "$([[ $round == 2 ]] && echo song || echo temp)"
  temporaries_seen=$((temporaries_seen + $(find "$OUT" -name '*.tmp-*' | wc -l)))
  now="$(complete_songs)"
  # Every song complete before this round is untouched (same inode and mtime).
  while read -r line; do
    [[ -z "$line" ]] && continue
    grep -qxF "$line" <<<"$now" || fail "round $round: a complete song was redone: $line"
  done <<<"$done_songs"
  done_songs="$now"
  echo "round $round: $(grep -c . <<<"$now") of $SONGS songs complete after SIGKILL;" \
    "left behind: $(find "$OUT" -name '*.tmp-*' | wc -l) temporary file(s)," \
    "$(find "$OUT" -name 'song *.wav' | wc -l) mix(es), $(find "$OUT" -name 'song *.json' | wc -l) report(s)"
done

((temporaries_seen > 0)) || fail "no SIGKILL caught a file being written (nothing to clean up)"
expect_exit 0 "the batch finishes after three SIGKILLs" -- \
  "$AUTOMIX" batch "$WORK/lib" -o "$OUT" --engine sum --jobs 2
final="$(complete_songs)"
[[ $(grep -c . <<<"$final") == "$SONGS" ]] || fail "not every song complete: $final"
while read -r line; do
  [[ -z "$line" ]] && continue
  grep -qxF "$line" <<<"$final" || fail "a song complete before the last run was redone: $line"
done <<<"$done_songs"
"$PYTHON" - "$OUT" "$SONGS" "$(grep -c . <<<"$done_songs")" <<'PY' || fail "final state"
import json, os, sys
out, n, done_before = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
files = sorted(os.listdir(out))
expected = sorted([f"song {i:02d}.{e}" for i in range(n) for e in ("wav", "json")] +
                  ["batch.json", "batch.csv", ".batch.lock"])
assert files == expected, set(files) ^ set(expected)   # one mix + report each, no temporary
s = json.load(open(os.path.join(out, "batch.json")))
assert s["finished"] and s["counts"] == {"total": n, "ok": n, "failed": 0, "pending": 0,
                                         "done_before": done_before}, s["counts"]
for row in s["songs"]:
    assert row["status"] == "ok" and row["duration_seconds"] == 4.0, row
assert len(open(os.path.join(out, "batch.csv")).read().splitlines()) == n + 1
PY
pass "every song has one complete mix and report, no temporary file, summary complete"

# Shards: three independent runs cover every song exactly once.
SH="$WORK/sharded"
for k in 1 2 3; do
  expect_exit 0 "shard $k/3" -- "$AUTOMIX" batch "$WORK/lib" -o "$SH" --engine sum --shard "$k/3" --quiet
done
expect_exit 0 "merge" -- "$AUTOMIX" batch --merge -o "$SH"
"$PYTHON" - "$SH" "$SONGS" <<'PY' || fail "shard coverage"
import json, os, sys
out, n = sys.argv[1], int(sys.argv[2])
owner = {}
for k in (1, 2, 3):
    for row in json.load(open(os.path.join(out, f"batch-{k}-of-3.json")))["songs"]:
        assert row["song"] not in owner, (row["song"], owner.get(row["song"]), k)
        assert row["status"] == "ok" and not row["done_before"], row
        owner[row["song"]] = k
assert sorted(owner) == [f"song {i:02d}" for i in range(n)], sorted(owner)
merged = json.load(open(os.path.join(out, "batch.json")))
assert merged["counts"]["ok"] == n and merged["missing_shards"] == [] and merged["exit_code"] == 0
print("shards:", {k: sum(v == k for v in owner.values()) for k in (1, 2, 3)})
PY
pass "--shard 1/3, 2/3, 3/3 cover every song exactly once; merged summary complete"

# A broken song fails alone: exit 10, recorded with its exit code; the others are mixed.
mkdir -p "$WORK/lib/zz broken" && echo "no stems" >"$WORK/lib/zz broken/notes.txt"
expect_exit 10 "a broken song among good ones" -- "$AUTOMIX" batch "$WORK/lib" -o "$OUT" --engine sum
"$PYTHON" - "$OUT/batch.json" <<'PY' || fail "failed song record"
import json, sys
s = json.load(open(sys.argv[1]))
bad = [r for r in s["songs"] if r["status"] == "failed"]
assert len(bad) == 1 and bad[0]["song"] == "zz broken" and bad[0]["exit_code"] == 3, bad
assert "zz broken" in bad[0]["error"] and s["exit_code"] == 10
PY
grep -q '^zz broken,failed,3,' "$OUT/batch.csv" || fail "batch.csv lacks the failed row"
mkdir -p "$WORK/bad" && for i in 1 2; do mkdir -p "$WORK/bad/s$i" && echo x >"$WORK/bad/s$i/a.txt"; done
expect_exit 11 "no song ok" -- "$AUTOMIX" batch "$WORK/bad" -o "$WORK/bad-out" --engine sum

# --reference-name: songs holding a reference are evaluated against it (the reference is not
# taken for a stem), and the batch writes automix eval's Table-2 tables and one plot per song.
mkdir -p "$WORK/evallib" && cp -r "$WORK/lib/song 00" "$WORK/lib/song 01" "$WORK/evallib/"
cp "$OUT/song 00.wav" "$WORK/evallib/song 00/ref.wav"
cp "$OUT/song 01.wav" "$WORK/evallib/song 01/ref.wav"
mkdir -p "$WORK/evallib/no reference" && cp "$WORK/lib/song 02/"*.wav "$WORK/evallib/no reference/"
expect_exit 0 "--reference-name" -- "$AUTOMIX" batch "$WORK/evallib" -o "$WORK/evalout" \
  --engine sum --reference-name ref.wav
"$PYTHON" - "$WORK/evalout" <<'PY' || fail "--reference-name outputs"
import csv, json, os, sys
out = sys.argv[1]
for song in ("song 00", "song 01"):
    r = json.load(open(os.path.join(out, song + ".json")))
    assert r["evaluation"]["reference"].endswith("ref.wav"), r["evaluation"]["reference"]
    files = {os.path.basename(f["path"]): f["stem"] for f in r["inputs"]["files"]}
    assert files["ref.wav"] == "skipped", files          # the reference is not a stem
    assert os.path.getsize(os.path.join(out, "evaluation", "plots", song + ".svg")) > 1000
assert "evaluation" not in json.load(open(os.path.join(out, "no reference.json")))
rows = list(csv.reader(open(os.path.join(out, "evaluation", "errors.csv"))))
assert [r[0] for r in rows[1:]] == ["song 00", "song 01", "mean"], rows
# The mix of the same stems against its own earlier mix: loudness error close to zero.
s = json.load(open(os.path.join(out, "batch.json")))
for row in [r for r in s["songs"] if r["song"] != "no reference"]:
    assert row["evaluation"]["loudness"]["score"] < 0.01, row["evaluation"]["loudness"]
assert os.path.exists(os.path.join(out, "evaluation", "errors.md"))
PY

expect_exit 2 "output folder inside a song" -- "$AUTOMIX" batch "$WORK/lib" -o "$WORK/lib/song 00/mixes"
expect_exit 2 "bad shard" -- "$AUTOMIX" batch "$WORK/lib" -o "$OUT" --shard 4/3
expect_exit 2 "--report has no meaning in a batch" -- "$AUTOMIX" batch "$WORK/lib" -o "$OUT" --report x.json
expect_exit 3 "missing library" -- "$AUTOMIX" batch "$WORK/none" -o "$OUT"
finish
