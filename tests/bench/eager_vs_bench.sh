#!/bin/sh
# bench_train against the eager PyTorch reference (eager_train_step.py), interleaved method by method and
# round by round in one go, so that both see the same machine load; prints seconds per step and the ratio
# eager / ours (above 1: the workbench is faster). bench_train runs with --compare: "ours" is the default
# trainer (fused AdamW), "ours-torch" the same step with LibTorch's zero_grad/clip_grad_norm_/AdamW::step
# (the trainer before the fused pass), timed back to back in the same process.
# Usage: tests/bench/eager_vs_bench.sh [BUILD_DIR (build)] [THREADS (2)] [STEPS (10)] [ROUNDS (2)] [METHODS]
# METHODS: space-separated, default all five: "prompt-ft fine-tune prompt-tuning p-tuning p-tuning-v2".
# Needs Debian's python3-torch (/usr/bin/python3, LibTorch 1.13 like the workbench).
set -eu
build=${1:-build}
threads=${2:-2}
steps=${3:-10}
rounds=${4:-2}
methods=${5:-"prompt-ft fine-tune prompt-tuning p-tuning p-tuning-v2"}
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "threads $threads, $steps steps, load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-14s %11s %11s %11s %10s %10s\n' round method "ours-torch" "ours" "eager" "eager/ours" \
  "eager/o-t"
r=1
while [ "$r" -le "$rounds" ]; do
  for m in $methods; do
    out=$("$build/bench/bench_train" --only "$m" --steps "$steps" --threads "$threads" --compare \
      --dump-batches "$dir")
    before=$(echo "$out" | awk -v m="$m" '$1 == m && $2 == "torch" { print $3 }')
    ours=$(echo "$out" | awk -v m="$m" '$1 == m && $2 == "fused" { print $3 }')
    eager=$(/usr/bin/python3 "$here/eager_train_step.py" "$dir/$m.json" --threads "$threads" --steps "$steps" |
      awk '{ print $3 }')
    printf '%-6s %-14s %11s %11s %11s %10s %10s\n' "$r" "$m" "$before" "$ours" "$eager" \
      "$(awk -v a="$eager" -v b="$ours" 'BEGIN { printf "%.2fx", a / b }')" \
      "$(awk -v a="$eager" -v b="$before" 'BEGIN { printf "%.2fx", a / b }')"
  done
  r=$((r + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
