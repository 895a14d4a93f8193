#!/bin/sh
# One target of the CTest fuzz pass (ctest --preset fuzz): runs FUZZER for SECONDS on a fresh copy of its
# seed corpus, so the pass never writes into the source tree and always starts from the same corpus.
# Exits non-zero, printing libFuzzer's report, on any crash, leak, UBSan report, timeout (20 s per input)
# or OOM (2 GB); the final stats (stat::number_of_executed_units) are printed either way.
#   tests/fuzz/fuzz_pass.sh FUZZER SEED_CORPUS WORK_DIR SECONDS MAX_LEN
set -eu
fuzzer=$1
seeds=$2
work=$3
seconds=$4
maxlen=$5
rm -rf "$work"
mkdir -p "$work/corpus" "$work/findings"
cp "$seeds"/* "$work/corpus/"
exec "$fuzzer" -max_total_time="$seconds" -max_len="$maxlen" -timeout=20 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$work/findings/" "$work/corpus"
