#!/bin/sh
# bench_train against the eager PyTorch reference (eager_train_step.py), interleaved method by method and
# round by round in one go, so that both see the same machine load; prints seconds per step and the ratio
# eager / ours (above 1: the workbench is faster).
# Usage: tests/bench/eager_vs_bench.sh [BUILD_DIR (build)] [THREADS (2)] [STEPS (10)] [ROUNDS (2)] [METHODS]
# METHODS: space-separated, default "prompt-ft prompt-tuning p-tuning-v2" (the ones the script expresses).
# Needs Debian's python3-torch (/usr/bin/python3, LibTorch 1.13 like the workbench).
set -eu
build=${1:-build}
threads=${2:-2}
steps=${3:-10}
rounds=${4:-2}
methods=${5:-"prompt-ft prompt-tuning p-tuning-v2"}
here=$(dirname "$0")
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
echo "threads $threads, $steps steps, load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %-14s %12s %12s %8s\n' round method "ours s/step" "eager s/step" ratio
r=1
while [ "$r" -le "$rounds" ]; do
  for m in $methods; do
    ours=$("$build/bench/bench_train" --only "$m" --steps "$steps" --threads "$threads" --dump-batches "$dir" |
      awk -v m="$m" '$1 == m { print $2 }')
    eager=$(/usr/bin/python3 "$here/eager_train_step.py" "$dir/$m.json" --threads "$threads" --steps "$steps" |
      awk '{ print $3 }')
    printf '%-6s %-14s %12s %12s %8s\n' "$r" "$m" "$ours" "$eager" \
      "$(awk -v a="$eager" -v b="$ours" 'BEGIN { printf "%.2fx", a / b }')"
  done
  r=$((r + 1))
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
