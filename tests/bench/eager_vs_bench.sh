#!/bin/sh
# bench_train against the eager PyTorch reference (eager_train_step.py), interleaved method by method and
# round by round in one go, so that both see the same machine load; prints seconds per step and the ratio
# eager / ours (above 1: the workbench is faster). bench_train runs with --compare: "ours" is the default
# trainer (fused AdamW), "ours-torch" the same step with LibTorch's zero_grad/clip_grad_norm_/AdamW::step
# (the trainer before the fused pass), timed back to back in the same process.
# Usage: tests/bench/eager_vs_bench.sh [BUILD_DIR (build)] [THREADS (2)] [STEPS (10)] [ROUNDS (2)] [METHODS]
#                                     [PRECISION (fp32)]
# METHODS: space-separated, default all five: "prompt-ft fine-tune prompt-tuning p-tuning p-tuning-v2".
# PRECISION bf16: bench_train --bf16 (ours in fp32, then with bf16 matmuls) against eager in fp32 and under
# CPU bf16 autocast (eager_train_step.py --bf16); the ratios are eager fp32 / ours bf16 and eager bf16 /
# ours bf16.
# Needs Debian's python3-torch (/usr/bin/python3, LibTorch 1.13 like the workbench).
set -eu
build=${1:-build}
threads=${2:-2}
steps=${3:-10}
rounds=${4:-2}
methods=${5:-"prompt-ft fine-tune prompt-tuning p-tuning p-tuning-v2"}
precision=${6:-fp32}
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "threads $threads, $steps steps, load: $(cut -d' ' -f1-3 /proc/loadavg)"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
if [ "$precision" = bf16 ]; then
  printf '%-6s %-14s %10s %10s %11s %11s %13s %13s\n' round method "ours-fp32" "ours-bf16" "eager-fp32" \
    "eager-bf16" "e-fp32/o-bf16" "e-bf16/o-bf16"
else
  printf '%-6s %-14s %11s %11s %11s %10s %10s\n' round method "ours-torch" "ours" "eager" "eager/ours" \
    "eager/o-t"
fi
r=1
while [ "$r" -le "$rounds" ]; do
  for m in $methods; do
    if [ "$precision" = bf16 ]; then
      out=$("$build/bench/bench_train" --only "$m" --steps "$steps" --threads "$threads" --bf16 \
        --dump-batches "$dir")
      fp32=$(echo "$out" | awk -v m="$m" '$1 == m && $2 == "fp32" { print $3 }')
      bf16=$(echo "$out" | awk -v m="$m" '$1 == m && $2 == "bf16" { print $3 }')
      eager=$(/usr/bin/python3 "$here/eager_train_step.py" "$dir/$m.json" --threads "$threads" --steps "$steps" |
        awk '{ print $3 }')
      eagerBf16=$(/usr/bin/python3 "$here/eager_train_step.py" "$dir/$m.json" --threads "$threads" \
        --steps "$steps" --bf16 | awk '{ print $3 }')
      printf '%-6s %-14s %10s %10s %11s %11s %13s %13s\n' "$r" "$m" "$fp32" "$bf16" "$eager" "$eagerBf16" \
        "$(ratio "$eager" "$bf16")" "$(ratio "$eagerBf16" "$bf16")"
      continue
    fi
    out=$("$build/bench/bench_train" --only "$m" --steps "$steps" --threads "$threads" --compare \
      --dump-batches "$dir")
    before=$(echo "$out" | awk -v m="$m" '$1 == m && $2 == "torch" { print $3 }')
    ours=$(echo "$out" | awk -v m="$m" '$1 == m && $2 == "fused" { print $3 }')
    eager=$(/usr/bin/python3 "$here/eager_train_step.py" "$dir/$m.json" --threads "$threads" --steps "$steps" |
      awk '{ print $3 }')
    printf '%-6s %-14s %11s %11s %11s %10s %10s\n' "$r" "$m" "$before" "$ours" "$eager" \
      "$(ratio "$eager" "$ours")" "$(ratio "$eager" "$before")"
  done
  r=$((r + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
