#!/usr/bin/env python3
"""Attributes `perf script` samples of a CorsKit.E2EServer process to CorsKit's own code.

A sample counts as CorsKit's when its stack, read from the leaf towards the root, reaches a CorsKit frame before any
frame of the rest of the pipeline that CorsKit calls (the endpoint, routing's EndpointMiddleware): that is CorsKit's
code and what it calls (origin lookup, header reads and writes, Kestrel's header-value validation), but not the
application it wraps. The response-start callback (GuardVary) is counted the same way. Kestrel's serialization of the
extra header bytes is not under a CorsKit frame; bench/e2e.sh's "headers" mode measures that cost.
Usage: perf script -i perf.data | attribute.py [corskit|microsoft]
(with "microsoft", the same rule for Microsoft.AspNetCore.Cors frames.)
"""
import re
import sys
from collections import Counter

MIDDLEWARE = {
    "corskit": re.compile(r"\[CorsKit(\.AspNetCore)?\] CorsKit\."),
    "microsoft": re.compile(r"\[Microsoft\.AspNetCore\.Cors\] "),
}[sys.argv[1] if len(sys.argv) > 1 else "corskit"]
# What the middleware calls into and does not own: routing (EndpointRoutingMiddleware, the matcher, EndpointMiddleware)
# and the endpoint itself. CorsKit's outer exception guard wraps routing, so routing must not count as CorsKit's.
DOWNSTREAM = re.compile(r"\[Microsoft\.AspNetCore\.Routing\] |RequestDelegateFactory|Microsoft\.AspNetCore\.Http\.Generated|<Main>\$")

total = 0
ours = 0
unresolved_jit = 0
instrumented = 0
leaf_of_ours = Counter()


def flush(frames):
    global total, ours, unresolved_jit, instrumented
    if not frames:
        return
    total += 1
    if any("Instrumented" in f for f in frames):
        instrumented += 1
    for f in frames:
        if DOWNSTREAM.search(f):
            return
        if MIDDLEWARE.search(f):
            ours += 1
            leaf_of_ours[short(frames[0])] += 1
            return


def short(frame):
    m = re.search(r"\] ([^\s(]+::[^\s(]+)\(", frame)
    if m:
        return m.group(1)
    parts = frame.split()
    return parts[1] if len(parts) > 1 else frame


frames = []
for line in sys.stdin:
    if not line.strip():
        flush(frames)
        frames = []
    elif line.startswith(("\t", " ")):
        frames.append(line.strip())
    else:
        flush(frames)
        frames = []
flush(frames)

if total == 0:
    sys.exit("no samples")
print(f"samples: {total}; under a middleware frame (its own work): {ours} = {100.0 * ours / total:.2f} %")
print(f"samples in instrumented (not yet final-tier) code anywhere in the stack: {100.0 * instrumented / total:.1f} %")
print("top leaf functions of those samples:")
for name, n in leaf_of_ours.most_common(12):
    print(f"  {n:6d}  {name}")
