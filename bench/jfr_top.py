#!/usr/bin/env python3
"""Summarises a JFR recording: hottest methods (self and total) and allocation by class."""
import collections
import subprocess
import sys

def events(path, name):
    out = subprocess.run(["jfr", "print", "--events", name, path], capture_output=True, text=True).stdout
    return out.split(f"{name} {{")[1:]

def frames(event):
    stack = event.split("stackTrace = [", 1)[1] if "stackTrace = [" in event else ""
    result = []
    for line in stack.splitlines()[1:]:
        line = line.strip()
        if line.startswith("]") or not line or line == "...":
            break
        result.append(line.split("(")[0].split(" line:")[0])
    return result

def main(path):
    samples = events(path, "jdk.ExecutionSample")
    own, total = collections.Counter(), collections.Counter()
    for e in samples:
        f = frames(e)
        if f:
            own[f[0]] += 1
            for name in set(f):
                total[name] += 1
    n = max(1, len(samples))
    print(f"\n{len(samples)} CPU samples. Top self time:")
    for name, c in own.most_common(25):
        print(f"  {100 * c / n:5.1f}%  {name}")
    print("\nTop total time (gatehouse and netty frames):")
    shown = 0
    for name, c in total.most_common(400):
        if name.startswith(("io.gatehouse", "io.netty.handler", "io.netty.channel.epoll")):
            print(f"  {100 * c / n:5.1f}%  {name}")
            shown += 1
            if shown == 30:
                break
    allocs = collections.Counter()
    for e in events(path, "jdk.ObjectAllocationSample"):
        cls = e.split("objectClass = ", 1)[1].split("\n", 1)[0].strip() if "objectClass = " in e else "?"
        weight = e.split("weight = ", 1)[1].split("\n", 1)[0].strip() if "weight = " in e else "0"
        num, unit = (weight.split() + ["bytes"])[:2]
        scale = {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9}.get(unit, 1)
        allocs[cls.split(" ")[0]] += float(num.replace(",", "")) * scale
    total_bytes = sum(allocs.values()) or 1
    print(f"\nAllocation by class ({total_bytes / 1e6:.0f} MB sampled weight):")
    for cls, b in allocs.most_common(20):
        print(f"  {100 * b / total_bytes:5.1f}%  {cls}")

if __name__ == "__main__":
    main(sys.argv[1])
