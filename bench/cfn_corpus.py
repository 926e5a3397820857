#!/usr/bin/env python3
"""CloudFormation corpus sets: templates, IAM entities, policy documents fully resolved /
partly / unresolved, parse errors by cause, scan time and peak memory.

    cargo build --release && python3 bench/cfn_corpus.py [../shared/corpus] [SET ...]

Only the CloudFormation templates of each set are measured: they are copied (with their
relative paths) to a scratch directory, so Terraform files and plans in mixed sets do not
count. A document is *fully resolved* when no value in it is unknown, *partly* when it
parsed with unknown values, *unresolved* when the document itself is an unknown
expression. Time and memory are `/usr/bin/time -v` of one `scan` of the set.
"""
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "leastpriv")
DEFAULT_SETS = [
    "aws-cloudformation-templates",
    "serverless-patterns",
    "checkov",
    "trivy-checks",
    "regula",
    "aws-cloudformation-iam-policy-validator",
]
YAML_EXT = (".yaml", ".yml", ".template", ".json", ".cfn", ".cform")


def candidates(root):
    """Files that are not Terraform or plans: the scanner tells templates from the rest."""
    for d, _, files in os.walk(root):
        for f in files:
            low = f.lower()
            if low.endswith((".tf", ".tf.json", ".tfvars", ".tfvars.json")):
                continue
            if not low.endswith(YAML_EXT) and "." in f:
                continue
            p = os.path.join(d, f)
            try:
                head = open(p, encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            if '"format_version"' in head and ('"planned_values"' in head or '"resource_changes"' in head):
                continue
            yield p


INTERP = re.compile(r"\$\{([^}]*)\}")


def cause(expr):
    """What an unknown CloudFormation expression depends on."""
    e = expr.strip()
    if e.startswith("AWS::"):
        return "pseudo parameter (account, region, partition, stack)"
    if e.startswith("Fn::ImportValue"):
        return "Fn::ImportValue (another stack's export)"
    if e.startswith("Fn::") or e.startswith("<"):
        return "intrinsic not evaluated (" + e.split(" ")[0].split("(")[0][:24] + ")"
    if e.endswith(".arn") or "." in e:
        return "resource attribute (GetAtt, generated name)"
    return "parameter without a value, or a resource's Ref"


def causes_in(node, out):
    if isinstance(node, dict):
        if len(node) == 1 and "unknown" in node:
            out.add(cause(str(node["unknown"])))
            return
        if len(node) == 1 and "partial" in node:
            for m in INTERP.finditer(str(node["partial"])):
                out.add(cause(m.group(1)))
            return
        for v in node.values():
            causes_in(v, out)
    elif isinstance(node, list):
        for v in node:
            causes_in(v, out)


def unknown_in(node):
    if isinstance(node, dict):
        if len(node) == 1 and ("unknown" in node or "partial" in node):
            return True
        if node.get("incomplete") is True:
            return True
        return any(unknown_in(v) for v in node.values())
    if isinstance(node, list):
        return any(unknown_in(v) for v in node)
    return False


def documents(inv):
    for p in inv.get("policies", []):
        yield p["document"]
    for p in inv.get("resource_policies", []):
        yield p["document"]
    for p in inv.get("service_control_policies", []):
        if "document" in p:
            yield p["document"]
    for p in inv.get("permission_set_policies", []):
        g = p.get("grant", {})
        if "policy" in g:
            yield g["policy"]


def error_cause(msg):
    m = re.sub(r"`[^`]*`", "`…`", msg)
    m = re.sub(r"\d+", "N", m)
    return m[:110]


def measure(src):
    scratch = tempfile.mkdtemp(prefix="cfn-corpus-")
    try:
        for p in candidates(src):
            dst = os.path.join(scratch, os.path.relpath(p, src))
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copyfile(p, dst)
        inv = json.loads(
            subprocess.run([BIN, "inventory", "--format", "json", scratch], capture_output=True, text=True).stdout
        )
        timed = subprocess.run(
            ["/usr/bin/time", "-v", BIN, "scan", "-q", "--format", "json", scratch],
            capture_output=True,
            text=True,
        )
        wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", timed.stderr).group(1)
        rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", timed.stderr).group(1))
        stats = collections.Counter()
        why = collections.Counter()
        for doc in documents(inv):
            found = set()
            causes_in(doc.get("statements", []), found)
            if doc.get("state") == "unknown":
                found.add(cause(str(doc.get("expr", ""))))
            why.update(found)
            stats["documents"] += 1
            state = doc.get("state")
            if state == "unknown":
                stats["unresolved"] += 1
            elif state == "invalid":
                stats["invalid"] += 1
            elif unknown_in(doc.get("statements", [])) or doc.get("statements_incomplete"):
                stats["partial"] += 1
            else:
                stats["full"] += 1
        errors = collections.Counter(error_cause(e.get("message", "")) for e in inv.get("parse_errors", []))
        notes = collections.Counter(
            n.get("subject", "").split(" ")[0] + " " + n.get("subject", "").split(" ")[1]
            if n.get("subject", "").startswith(("nested", "YAML")) else "other"
            for n in inv.get("not_evaluated", [])
        )
        return inv["summary"], stats, errors, wall, rss, notes, why
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main():
    args = sys.argv[1:]
    corpus = os.path.join(ROOT, "..", "shared", "corpus")
    if args and os.path.isdir(args[0]) and not os.path.isdir(os.path.join(corpus, args[0])):
        corpus, args = args[0], args[1:]
    sets = args or DEFAULT_SETS
    print("| set | templates | IAM entities | documents | fully | partly | unresolved | invalid | parse errors | wall | max RSS |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    details = []
    for s in sets:
        summary, stats, errors, wall, rss, notes, why = measure(os.path.join(corpus, s))
        print(
            f"| {s} | {summary['files_scanned']} | {summary['entities']} | {stats['documents']} | "
            f"{stats['full']} | {stats['partial']} | {stats['unresolved']} | {stats['invalid']} | "
            f"{sum(errors.values())} | {wall} | {rss // 1024} MB |"
        )
        details.append((s, errors, notes, why))
    for s, errors, notes, why in details:
        print(f"\n{s} documents with unknowns, by cause: " + "; ".join(f"{c} {n}" for c, n in why.most_common()))
        if errors:
            print(f"\n{s} parse errors:")
            for e, n in errors.most_common():
                print(f"  {n} × {e}")
        if notes:
            print(f"{s} notes: " + ", ".join(f"{k} {v}" for k, v in notes.items() if k != "other"))


if __name__ == "__main__":
    main()
