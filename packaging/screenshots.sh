#!/usr/bin/env bash
# Takes the README's screenshots of every main view: runs `prompt-workbench --screenshots` under Xvfb,
# which builds a fresh demo project (demo-bert-mini + SST-2 sample) in a 1280 x 800 window, previews a
# template, asks the mask, evaluates the 4 x 5 grid of the model's README, trains three methods briefly
# (prompt tuning, fine-tuning, prompt-based fine-tuning), groups the runs, exports the prompt-tuning run
# as a PEFT adapter with its nearest tokens (08-export.png), runs a small sweep (prompt-based fine-tuning
# and prompt tuning, lr x batch x prompt length x 2 seeds) with two local workers in the Sweeps view
# (12-sweep-queue.png) and reads it (11-sweeps.png), then switches to the dark Fusion palette at run time
# (09-compare-dark.png, 10-train-dark.png). One PNG per view, copied to packaging/screenshots/
# (or the folder given).
#
#   packaging/screenshots.sh [OUT_DIR]      BUILD_DIR (default build), STEPS (training steps, default 60)
#
# Without xvfb-run the Qt offscreen platform is used (same pictures: the tour grabs widgets itself).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
OUT="${1:-packaging/screenshots}"
STEPS="${STEPS:-60}"
bin="$BUILD_DIR/bin/prompt-workbench"
if [ ! -x "$bin" ]; then
  echo "screenshots: $bin not found; build it first: cmake --build $BUILD_DIR --target prompt-workbench" >&2
  exit 2
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export XDG_RUNTIME_DIR="$work/runtime"
mkdir -m 0700 "$XDG_RUNTIME_DIR"
export HOME="$work/home"  # the tour's settings and project stay out of the user's own
mkdir -p "$HOME"

if command -v xvfb-run >/dev/null 2>&1; then
  xvfb-run -a -s "-screen 0 1600x1000x24" "$bin" --screenshots "$work/shots" --screenshot-steps "$STEPS"
else
  QT_QPA_PLATFORM=offscreen "$bin" --screenshots "$work/shots" --screenshot-steps "$STEPS"
fi

mkdir -p "$OUT"
cp "$work"/shots/*.png "$OUT"/
echo "screenshots: $(ls "$work"/shots/*.png | wc -l) pictures in $OUT"
