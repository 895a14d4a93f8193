#!/bin/sh
# Runs one fuzz target for N executions at low priority, keeping new corpus entries out of the source
# tree: tests/fuzz/run_fuzzer.sh BUILD_DIR TARGET [RUNS] [MAX_LEN] [SECONDS]
# SECONDS (optional) also stops the run after that much wall time (libFuzzer's -max_total_time), for a
# session with a deadline; the final stats are printed either way.
# Findings (crash-*, leak-*, timeout-*, oom-*) land in BUILD_DIR/findings/TARGET; the log, whose last
# lines hold libFuzzer's final stats (stat::number_of_executed_units), in BUILD_DIR/logs/TARGET.log.
set -eu
build=$1
target=$2
runs=${3:-1000000}
maxlen=${4:-65536}
seconds=${5:-0}
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$build/work/$target" "$build/findings/$target" "$build/logs"
exec nice -n 10 "$build/fuzz/$target" -runs="$runs" -max_len="$maxlen" -max_total_time="$seconds" \
  -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$build/findings/$target/" \
  "$build/work/$target" "$src/corpus/$target" >"$build/logs/$target.log" 2>&1
