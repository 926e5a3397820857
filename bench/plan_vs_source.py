#!/usr/bin/env python3
"""Compares the findings of Terraform sources with those of their own plans.

usage: python3 bench/plan_vs_source.py [--binary PATH] [--shared DIR]

The paired sets of the shared corpus: regula's `X_infra.tf` with the `X_infra.json` plan
generated from it, and terraform-iam-policy-validator's `test.tf` with `test_plan.json`
(plus `aws_iam_policy.tf` + `provider.tf` with `test_policy_accessanalyzer.json`). Each
side is copied alone into a temporary directory (regula keeps many root
configurations in one folder) and scanned with every rule; findings are compared by
(rule id, resource address). A third scan puts the plan next to its sources and
checks that every plan finding is reported once, at a `.tf` line.

Prints one line per pair and every difference; exits 1 when a combined scan reports
a finding twice or leaves one in the plan file.
"""
import argparse
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pairs(shared):
    corpus = os.path.join(shared, "corpus")
    out = []
    for plan in sorted(glob.glob(os.path.join(corpus, "regula", "**", "*_infra.json"), recursive=True)):
        tf = plan[: -len(".json")] + ".tf"
        if os.path.exists(tf):
            out.append((plan, [tf]))
    validator = os.path.join(corpus, "terraform-iam-policy-validator", "iam_check", "test")
    for plan in sorted(glob.glob(os.path.join(validator, "*", "test_plan.json"))):
        out.append((plan, [os.path.join(os.path.dirname(plan), "test.tf")]))
    out.append(
        (
            os.path.join(validator, "test_policy_accessanalyzer.json"),
            [os.path.join(validator, "aws_iam_policy.tf"), os.path.join(validator, "provider.tf")],
        )
    )
    return out


def scan(binary, directory):
    proc = subprocess.run(
        [binary, "scan", "--format", "json", "--fail-on", "never", "."],
        cwd=directory,
        capture_output=True,
        text=True,
    )
    if proc.returncode not in (0, 2):
        raise RuntimeError(proc.stderr)
    return json.loads(proc.stdout)["findings"]


def keyed(findings):
    return sorted((f["rule_id"], f["address"]) for f in findings)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "debug", "leastpriv"))
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    bad = 0
    for plan, tfs in pairs(args.shared):
        with tempfile.TemporaryDirectory() as tmp:
            src, pl, both = (os.path.join(tmp, d) for d in ("src", "plan", "both"))
            for d in (src, pl, both):
                os.mkdir(d)
            for tf in tfs:
                shutil.copy(tf, src)
                shutil.copy(tf, both)
            shutil.copy(plan, pl)
            shutil.copy(plan, both)
            from_src = keyed(scan(binary, src))
            from_plan = keyed(scan(binary, pl))
            combined = scan(binary, both)
        rel = os.path.relpath(plan, os.path.join(args.shared, "corpus"))
        only_src = [k for k in from_src if k not in from_plan]
        only_plan = [k for k in from_plan if k not in from_src]
        in_plan_file = [f for f in combined if f["path"].endswith(".json")]
        twice = len(keyed(combined)) != len(set(keyed(combined)))
        status = "same" if not (only_src or only_plan) else "DIFF"
        print(f"{status:4} {rel}: source {len(from_src)}, plan {len(from_plan)}, together {len(combined)}")
        for k in only_src:
            print(f"     only in source: {k[0]} {k[1]}")
        for k in only_plan:
            print(f"     only in plan:   {k[0]} {k[1]}")
        if twice or in_plan_file:
            bad += 1
            print(f"     together: {'duplicates ' if twice else ''}{len(in_plan_file)} left in the plan file")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
