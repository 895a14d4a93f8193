#!/usr/bin/python3
"""Sums a LibTorch operator trace (bench_train --trace DIR writes DIR/<method>.trace) per operator.

    build/bench/bench_train --only prompt-tuning --steps 5 --threads 1 --trace /tmp/t
    tests/bench/trace_ops.py /tmp/t/prompt-tuning.trace [--top 25]

Prints each operator's self time (its own time less the operators it called), in ms and % of the traced
time, and its call count. Autograd's backward nodes appear under their own names (e.g. MmBackward0).
"""
import argparse
import collections
import json

ap = argparse.ArgumentParser()
ap.add_argument("trace")
ap.add_argument("--top", type=int, default=25)
args = ap.parse_args()
events = [e for e in json.load(open(args.trace)) if e.get("ph") == "X"]
by_thread = collections.defaultdict(list)
for e in events:
    by_thread[e.get("tid")].append(e)
self_us = collections.Counter()
calls = collections.Counter()
for evs in by_thread.values():
    evs.sort(key=lambda e: (e["ts"], -e["dur"]))
    stack = []  # [end, name, child time]
    for e in evs:
        while stack and stack[-1][0] <= e["ts"]:
            end, name, child, dur = stack.pop()
            self_us[name] += dur - child
        if stack:
            stack[-1][2] += e["dur"]
        stack.append([e["ts"] + e["dur"], e["name"], 0.0, e["dur"]])
        calls[e["name"]] += 1
    while stack:
        end, name, child, dur = stack.pop()
        self_us[name] += dur - child
total = sum(self_us.values())
print(f"{'operator':40s} {'self ms':>10s} {'%':>6s} {'calls':>7s}")
for name, us in self_us.most_common(args.top):
    print(f"{name[:40]:40s} {us / 1e3:10.1f} {100 * us / total:6.1f} {calls[name]:7d}")
print(f"{'total':40s} {total / 1e3:10.1f}")
