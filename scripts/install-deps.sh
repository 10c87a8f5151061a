#!/usr/bin/env bash
# Installs every build, test and runtime dependency of automix from Debian 12 packages.
# Idempotent and non-interactive: packages already present are not touched, and
# `apt-get update` runs only when something is missing. Run as root (or with sudo).
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  libsndfile1-dev libsamplerate0-dev libfftw3-dev libebur128-dev libssl-dev
  libtorch-dev python3-torch python3-numpy python3-scipy python3-soundfile
  libcli11-dev nlohmann-json3-dev libgtest-dev
  libopenblas0-pthread
)
# Extra groups, selected by arguments:
#   --test    what the test suite needs beyond the build (the corpus smoke test's renderer,
#             clang with libFuzzer for the fuzzing run, and Slurm, munge and GNU parallel for
#             the distributed batch tests)
#   --corpus  the training-corpus tools (docs/corpus.md)
if [[ " $* " == *" --test "* ]]; then
  # tests/e2e/corpus_smoke.sh renders a short LMMS project and a short MIDI song (small soundfont)
  PACKAGES+=(lmms fluidsynth timgm6mb-soundfont openttd-openmsx)
  # models/tests/test_tracker_corpus.py renders a generated module with libopenmpt
  PACKAGES+=(libopenmpt0)
  # scripts/fuzz.sh (CTest entry defence.fuzz): clang and its libFuzzer/sanitizer runtimes
  PACKAGES+=(clang libclang-rt-14-dev)
  # tests/e2e/loudness_ffmpeg.sh: ffmpeg's ebur128 filter, a second independent loudness meter
  PACKAGES+=(ffmpeg)
  # tests/e2e/slurm_batch_test.sh runs examples/slurm on a throw-away single-node cluster (it
  # starts and stops its own munged, slurmctld and slurmd); tests/e2e/parallel_batch_test.sh runs
  # the GNU parallel recipe of docs/batch.md
  PACKAGES+=(slurm-wlm munge parallel)
fi
if [[ " $* " == *" --corpus "* ]]; then
  PACKAGES+=(lmms fluidsynth fluid-soundfont-gm timgm6mb-soundfont openttd-openmsx libopenmpt0)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
