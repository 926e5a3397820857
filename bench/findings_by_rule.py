#!/usr/bin/env python3
"""Findings per rule per corpus set, as a Markdown table.

    cargo build --release && python3 bench/findings_by_rule.py [CORPUS] [SET ...]
        [--binary PATH] [--dump DIR]

Runs one `leastpriv scan SET --format json -q` per top-level directory of the corpus
(default ../shared/corpus, every directory unless SETs are named), with the default
profile, from the corpus directory so that paths start with the set's name. Prints a
table: one row per rule that fired anywhere (id and name, in catalogue order), one column
per set, then a row of parse errors and a row of totals. `--dump DIR` also writes each
set's JSON report to DIR/<set>.json, for reviewing single findings. Nothing from the
corpus is copied into the repository.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "leastpriv")


def catalogue(binary):
    """(id, name) pairs in catalogue order, from `leastpriv rules`."""
    out = subprocess.run([binary, "rules"], capture_output=True, text=True, check=True)
    rows = []
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            rows.append((parts[0], parts[1]))
    return rows


def scan(binary, corpus, name):
    out = subprocess.run(
        [binary, "scan", name, "--format", "json", "-q", "--fail-on", "never"],
        cwd=corpus,
        capture_output=True,
        text=True,
    )
    if out.returncode not in (0, 1, 2) or not out.stdout.strip():
        sys.stderr.write(f"{name}: exit {out.returncode}\n{out.stderr}\n")
        return None, out.stdout
    return json.loads(out.stdout), out.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=os.path.join(ROOT, "..", "shared", "corpus"))
    ap.add_argument("sets", nargs="*")
    ap.add_argument("--binary", default=BIN)
    ap.add_argument("--dump", help="write each set's JSON report into this directory")
    args = ap.parse_args()
    corpus = os.path.abspath(args.corpus)
    args.binary = os.path.abspath(args.binary)
    sets = args.sets or sorted(
        d for d in os.listdir(corpus) if os.path.isdir(os.path.join(corpus, d))
    )
    if args.dump:
        os.makedirs(args.dump, exist_ok=True)

    counts = collections.defaultdict(collections.Counter)  # rule id -> set -> n
    errors = {}
    totals = {}
    for s in sets:
        report, raw = scan(args.binary, corpus, s)
        if report is None:
            errors[s] = "crash"
            totals[s] = "-"
            continue
        if args.dump:
            with open(os.path.join(args.dump, f"{s}.json"), "w") as f:
                f.write(raw)
        for f in report["findings"]:
            counts[f["rule_id"]][s] += 1
        errors[s] = len(report.get("parse_errors", []))
        totals[s] = len(report["findings"])

    known = catalogue(args.binary)
    order = [r for r in known if r[0] in counts]
    names = dict(known)
    order += [(r, names.get(r, "?")) for r in sorted(counts) if r not in names]

    print("| rule | " + " | ".join(sets) + " | all |")
    print("|---|" + "---:|" * (len(sets) + 1))
    for rid, name in order:
        row = [counts[rid][s] for s in sets]
        print(f"| {rid} {name} | " + " | ".join(str(n or "") for n in row) + f" | {sum(row)} |")
    print("| **findings** | " + " | ".join(str(totals[s]) for s in sets)
          + f" | {sum(t for t in totals.values() if isinstance(t, int))} |")
    print("| **parse errors** | " + " | ".join(str(errors[s]) for s in sets)
          + f" | {sum(e for e in errors.values() if isinstance(e, int))} |")


if __name__ == "__main__":
    main()
