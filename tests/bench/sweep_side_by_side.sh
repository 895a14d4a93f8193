#!/bin/sh
# Times the README's 5-method x 5-seed demo sweep with two pwb binaries started together, --threads 1 each,
# so that on a 2-core machine both see the same load; prints each one's wall time and writes each sweep's
# project, log and grouped results into OUTDIR. A ratio measured so holds even on a noisy machine as long as
# nothing else runs beside it (the faster one finishes first; the other then runs alone, which favours it).
# Usage: tests/bench/sweep_side_by_side.sh OLD_PWB NEW_PWB OUTDIR
set -u
if [ $# -ne 3 ]; then
  echo "usage: $0 OLD_PWB NEW_PWB OUTDIR" >&2
  exit 2
fi
old=$1
new=$2
out=$3
res=$(cd "$(dirname "$0")/../../resources" && pwd)
mkdir -p "$out"
run() {
  name=$1
  bin=$2
  start=$(date +%s)
  "$bin" train --model "$res/demo-bert-mini" --train "$res/data/sst2/stsa.binary.train" \
    --test "$res/data/sst2/stsa.binary.test" --method prompt-ft,fine-tune,prompt-tuning,p-tuning,p-tuning-v2 \
    --template "{s} it was [MASK] ." --verbalizer "0=terrible;1=great" --k 16 --seeds 13,21,42,87,100 \
    --preset demo --threads 1 --db "$out/$name.sqlite" >"$out/$name.log" 2>&1
  rc=$?
  end=$(date +%s)
  echo "$name rc=$rc wall=$((end - start)) s" | tee -a "$out/times.txt"
  "$bin" runs --db "$out/$name.sqlite" --group >"$out/$name.groups" 2>&1
}
echo "start $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$out/times.txt"
run old "$old" &
run new "$new" &
wait
echo "end $(date -u +%H:%M:%S)" | tee -a "$out/times.txt"
