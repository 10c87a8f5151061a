#!/usr/bin/env bash
# Mixes a library on a Slurm cluster: an array of SHARDS tasks (one shard each), then a merge job
# that runs when they have all ended.
#
#   examples/slurm/submit.sh SHARDS SONGS_DIR OUT_DIR [mix options]
#
# Prints the two job ids ("ARRAY_ID MERGE_ID"). Extra sbatch options (partition, account, time
# limit, --cpus-per-task) go in SBATCH_OPTIONS, e.g. SBATCH_OPTIONS="--partition=cpu --time=4:00:00".
# AUTOMIX names the executable (default: automix on PATH); SONGS_DIR and OUT_DIR must be on a file
# system every node sees.
set -euo pipefail
if (($# < 3)); then
  echo "usage: $0 SHARDS SONGS_DIR OUT_DIR [mix options]" >&2
  exit 2
fi
shards="$1"; songs="$2"; out="$3"; shift 3
here="$(cd "$(dirname "$0")" && pwd)"
# shellcheck disable=SC2086  # SBATCH_OPTIONS is a list of options
array=$(AUTOMIX_SHARDS="$shards" sbatch --parsable ${SBATCH_OPTIONS:-} --array="1-$shards" \
  "$here/batch_array.sbatch" "$songs" "$out" "$@")
array="${array%%;*}"  # --parsable prints "id" or "id;cluster"
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_OPTIONS:-} --dependency="afterany:$array" \
  "$here/merge.sbatch" "$out")
echo "${array} ${merge%%;*}"
