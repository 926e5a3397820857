#!/usr/bin/env python3
"""Writes a large synthetic `terraform show -json` plan and measures scanning it.

usage: python3 bench/big_plan.py [--mib N] [--binary PATH]

The plan (target/bench-plan/plan.json, about N MiB, default 40) is mostly non-IAM
resources with large attribute objects, as real estates are, with one IAM role,
policy and attachment in every twenty resources. The scan's wall time and peak
resident memory are measured by the kernel (os.wait4).
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def resource(i):
    if i % 20 == 0:
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": [f"s3:GetObject"], "Resource": f"arn:aws:s3:::bucket-{i}/*"},
                {"Effect": "Allow", "Action": "ec2:*" if i % 100 == 0 else "ec2:Describe*", "Resource": "*"},
            ],
        }
        return [
            ("aws_iam_policy", f"p{i}", {"name": f"p{i}", "path": "/", "policy": json.dumps(policy)}),
            ("aws_iam_role", f"r{i}", {
                "name": f"r{i}",
                "assume_role_policy": json.dumps({"Version": "2012-10-17", "Statement": [
                    {"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}]}),
                "max_session_duration": 3600,
            }),
            ("aws_iam_role_policy_attachment", f"a{i}", {"role": f"r{i}", "policy_arn": f"arn:aws:iam::123456789012:policy/p{i}"}),
        ]
    values = {
        "bucket": f"bucket-{i}",
        "tags": {f"tag{k}": f"value-{i}-{k}" for k in range(10)},
        "lifecycle_rule": [
            {"id": f"rule-{k}", "enabled": True, "expiration": [{"days": 30 + k}], "prefix": f"logs/{k}/"}
            for k in range(8)
        ],
        "server_side_encryption_configuration": [{"rule": [{"apply_server_side_encryption_by_default": [
            {"sse_algorithm": "aws:kms", "kms_master_key_id": f"arn:aws:kms:eu-west-1:123456789012:key/{i:08d}"}]}]}],
    }
    return [("aws_s3_bucket", f"b{i}", values)]


def write(path, mib):
    target = mib * 1024 * 1024
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.write('{"format_version":"1.2","terraform_version":"1.9.8","resource_changes":[')
        written, i, first = 0, 0, True
        while written < target:
            for ty, name, values in resource(i):
                rc = {
                    "address": f"module.m{i % 50}.{ty}.{name}",
                    "module_address": f"module.m{i % 50}",
                    "mode": "managed",
                    "type": ty,
                    "name": name,
                    "change": {"actions": ["create"], "before": None, "after": values, "after_unknown": {"id": True, "arn": True}},
                }
                text = ("" if first else ",") + json.dumps(rc, separators=(",", ":"))
                first = False
                out.write(text)
                written += len(text)
            i += 1
        out.write("]}")
    return i


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--mib", type=int, default=40)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target", "debug", "leastpriv"))
    args = ap.parse_args()
    path = os.path.join(ROOT, "target", "bench-plan", "plan.json")
    n = write(path, args.mib)
    size = os.path.getsize(path) / (1024 * 1024)
    start = time.perf_counter()
    proc = subprocess.Popen([args.binary, "scan", "--format", "json", "--fail-on", "never", path],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    findings = len(json.loads(out)["findings"])
    print(f"{size:.1f} MiB plan, {n} resource groups: {wall:.2f} s wall, "
          f"{usage.ru_utime + usage.ru_stime:.2f} s CPU, {usage.ru_maxrss / 1024:.0f} MiB peak RSS, "
          f"{findings} findings, exit {os.waitstatus_to_exitcode(status)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
