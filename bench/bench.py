#!/usr/bin/env python3
"""Whole-process benchmark of `leastpriv scan` over the shared corpora.

usage: python3 bench/bench.py [--runs N] [--binary PATH] [--shared DIR]

Builds nothing: run `cargo build --release` first. Generates 1,000 files with the shared
corpus generator (seed 7) into target/bench-corpus once, then scans each set N times and
prints the median wall time, CPU time (user + sys) and peak resident memory of the
process, measured by the kernel (os.wait4), not by the scanner itself.
"""
import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def measure(cmd):
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, code


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/leastpriv"))
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    args = ap.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")
    gen_out = os.path.join(ROOT, "target/bench-corpus")
    if not os.path.exists(os.path.join(gen_out, "EXPECTED.json")):
        subprocess.run([sys.executable, os.path.join(args.shared, "bench/gen_corpus.py"),
                        gen_out, "--files", "1000", "--seed", "7"], check=True,
                       stdout=subprocess.DEVNULL)
    sets = [
        ("terraform-aws-components", os.path.join(args.shared, "corpus/terraform-aws-components")),
        ("modernisation-platform", os.path.join(args.shared, "corpus/modernisation-platform")),
        ("both (the ~3,000-file pair)", None),
        ("gen_corpus 1,000 files (seed 7)", gen_out),
    ]
    print(f"{'set':<34} {'wall s':>8} {'cpu s':>8} {'peak MB':>8}  exit")
    for name, path in sets:
        paths = [path] if path else [sets[0][1], sets[1][1]]
        cmd = [args.binary, "scan", *paths, "--format", "json", "--fail-on", "never"]
        measure(cmd)  # warm-up: page cache
        runs = [measure(cmd) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        mem = max(r[2] for r in runs)
        codes = sorted({r[3] for r in runs})
        print(f"{name:<34} {wall:>8.3f} {cpu:>8.3f} {mem:>8.1f}  {codes}")


if __name__ == "__main__":
    main()
