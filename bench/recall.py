#!/usr/bin/env python3
"""Recall and precision of `leastpriv scan` on the shared generator's labelled corpus.

usage: python3 bench/recall.py [--corpus DIR] [--binary PATH]

Each injected violation in EXPECTED.json has a kind, a file and a line range; it counts
as found when a finding of a rule that covers its kind starts inside that range (or inside
a related block's range). Findings of covering rules that match no violation are listed as
unexpected, and so are findings on the generator's "traps" (look-alikes that are fine).
Kinds no rule covers yet are reported as such, not as misses.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# generator kind -> rule names that report it
COVERS = {
    "wildcard-action": {"wildcard-action", "full-admin-statement"},
    "service-wildcard-action": {"service-wildcard-action"},
    "wildcard-resource": {"wildcard-resource-on-restrictable-action"},
    "notaction-allow": {"allow-with-not-action"},
    "passrole-wildcard": {"passrole-any-resource"},
    "trust-wildcard-principal": {"trust-any-principal"},
    "no-mfa-condition-for-admin": {"admin-without-mfa"},
    "admin-policy-attached": {"admin-managed-policy-attached"},
    "user-direct-policy": {"user-with-direct-policy"},
    "access-key": {"access-key-for-user"},
    "password-policy-weak": {"password-policy-missing-or-weak"},
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=os.path.join(ROOT, "target/bench-corpus"))
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/leastpriv"))
    args = ap.parse_args()
    expected = json.load(open(os.path.join(args.corpus, "EXPECTED.json")))
    out = subprocess.run([args.binary, "scan", ".", "--format", "json", "--fail-on", "never"],
                         cwd=args.corpus, capture_output=True, text=True)
    if out.returncode not in (0, 1):
        print(out.stderr, file=sys.stderr)
    report = json.loads(out.stdout)
    rule_names = {f["rule_name"] for f in report["findings"]}
    by_file = collections.defaultdict(list)
    for f in report["findings"]:
        by_file[f["path"]].append(f)

    def hits(v, names):
        ranges = [(v["line_start"], v["line_end"])] + [
            (r["line_start"], r["line_end"]) for r in v.get("related", [])]
        return [f for f in by_file.get(v["file"], []) if f["rule_name"] in names
                and any(a <= f["start_line"] <= b for a, b in ranges)]

    per_kind = collections.defaultdict(lambda: [0, 0])
    used = set()
    for v in expected["violations"]:
        names = COVERS.get(v["kind"], set())
        stat = per_kind[v["kind"]]
        stat[1] += 1
        found = hits(v, names)
        if found:
            stat[0] += 1
            used.update(id(f) for f in found)
    covered_total = found_total = 0
    print(f"{'kind':<28} {'found':>6} / {'total':<6} rule")
    for kind, (found, total) in sorted(per_kind.items()):
        names = COVERS.get(kind, set())
        implemented = bool(names & known_rules(args.binary))
        label = ", ".join(sorted(names)) if implemented else "(no rule yet)"
        print(f"{kind:<28} {found:>6} / {total:<6} {label}")
        if implemented:
            covered_total += total
            found_total += found
    print(f"recall on kinds with a rule: {found_total}/{covered_total}"
          f" = {100.0 * found_total / max(covered_total, 1):.1f}%")
    all_total = sum(t for _, t in per_kind.values())
    print(f"recall on all injected problems: {found_total}/{all_total}"
          f" = {100.0 * found_total / max(all_total, 1):.1f}%")
    mapped = set().union(*COVERS.values())
    # a second rule firing on a labelled problem (`iam:*` on `*` is labelled
    # service-wildcard-action, and is also passrole-any-resource) is not unexpected
    on_labelled = set()
    for v in expected["violations"]:
        on_labelled.update(id(f) for f in hits(v, mapped))
    print(f"findings on a labelled problem of another kind: {len(on_labelled - used)}")
    used |= on_labelled
    extra = [f for fs in by_file.values() for f in fs
             if f["rule_name"] in mapped and id(f) not in used]
    print(f"findings of covering rules that match no injected problem: {len(extra)}")
    for f in extra[:15]:
        print(f"  {f['path']}:{f['start_line']} {f['rule_name']}: {f['message'][:100]}")
    traps = expected.get("traps", [])
    trap_hits = [(t, f) for t in traps for f in by_file.get(t["file"], [])
                 if id(f) not in used
                 and t.get("line_start", 0) <= f["start_line"] <= t.get("line_end", -1)]
    print(f"traps (acceptable look-alikes): {len(traps)}; findings on traps that match no injected problem: {len(trap_hits)}")
    for t, f in trap_hits[:15]:
        print(f"  {f['path']}:{f['start_line']} {f['rule_name']} on {t.get('detail', '')}")
    other = collections.Counter(f["rule_name"] for fs in by_file.values() for f in fs
                                if f["rule_name"] not in mapped)
    if other:
        print("findings of rules the generator does not label:", dict(other))
    print("parse errors:", report["summary"]["parse_errors"], "; rules seen:", sorted(rule_names))


def known_rules(binary):
    out = subprocess.run([binary, "rules"], capture_output=True, text=True).stdout
    return {line.split()[1] for line in out.splitlines() if line.strip()}


if __name__ == "__main__":
    main()
