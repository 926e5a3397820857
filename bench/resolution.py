#!/usr/bin/env python3
"""How much of each corpus set's IAM leastpriv evaluates: policy documents found, fully
resolved, partly resolved and unresolved, with the causes of what stays unknown.

    cargo build --release && python3 bench/resolution.py [../shared/corpus] [SET ...]

A document is *fully resolved* when no value in it is unknown, *partly resolved* when it
parsed but some values are unknown, *unresolved* when the document itself is an unknown
expression. Each unknown value is classified by what it depends on. Causes outside the
repository (a variable with no value, a remote module's output, an attribute known only
after apply, the account id) are facts of the code; the rest (`local`, a function, other
expressions) are the evaluator's gaps. "In-repo" counts the documents whose unknowns are
all gaps, plus the fully resolved ones: the share of those that resolve fully is the
evaluator's score on what the repository holds.
"""
import collections
import json
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "leastpriv")
DEFAULT_SETS = [
    "terraform-aws-iam",
    "modernisation-platform",
    "terraform-aws-components",
    "govuk-aws",
    "terragoat",
    "wing-tfjson",
]
OUTSIDE = {
    "variable without a value",
    "module output (module not in the scan)",
    "account, partition or region (known at apply)",
    "data source read at apply",
    "resource attribute known after apply",
}
INTERP = re.compile(r"\$\{([^}]*)\}")


REFERENCE = re.compile(
    r"(?<![A-Za-z0-9_.])(var|local|module|data|each|count|[a-z0-9]+_[a-z0-9_]+)\.([A-Za-z0-9_-]+)"
)


def cause(expr):
    """What an unknown expression depends on: the references in it, causes outside the
    repository first; an expression with none is the evaluator's gap."""
    found = set()
    if expr.strip() in ("partition", "account_id"):
        # the shape of an ARN known only after apply (`aws_iam_role.x.arn`)
        found.add("account, partition or region (known at apply)")
    for m in REFERENCE.finditer(expr):
        root, name = m.group(1), m.group(2)
        if root == "var":
            found.add("variable without a value")
        elif root == "module":
            found.add("module output (module not in the scan)")
        elif root == "data" and re.match(r"aws_(caller_identity|partition|region)$", name):
            found.add("account, partition or region (known at apply)")
        elif root == "data":
            found.add("data source read at apply")
        elif root in ("each", "count"):
            found.add("count / for_each instance not expanded")
        elif root == "local":
            found.add("local not evaluated")
        else:
            found.add("resource attribute known after apply")
    for c in (
        "variable without a value",
        "module output (module not in the scan)",
        "account, partition or region (known at apply)",
        "data source read at apply",
        "resource attribute known after apply",
        "count / for_each instance not expanded",
        "local not evaluated",
    ):
        if c in found:
            return c
    m = re.match(r"\s*(?:\$\{)?\s*([a-z0-9_]+)\(", expr)
    if m:
        return "function " + m.group(1)
    return "other expression"


def unknowns(node, out):
    """Collects (expression, incomplete) causes of unknown values in a serialized document."""
    if isinstance(node, dict):
        if "unknown" in node and len(node) == 1:
            out.append(cause(str(node["unknown"])))
            return
        if "partial" in node and len(node) == 1:
            for m in INTERP.finditer(str(node["partial"])):
                out.append(cause(m.group(1)))
            return
        if node.get("incomplete") is True and not node.get("items"):
            out.append("list with unknown elements")
        for v in node.values():
            unknowns(v, out)
    elif isinstance(node, list):
        for v in node:
            unknowns(v, out)


def measure(path):
    run = subprocess.run(
        [BIN, "inventory", "--format", "json", path], capture_output=True, text=True
    )
    inv = json.loads(run.stdout)
    stats = collections.Counter()
    causes = collections.Counter()
    for p in inv["policies"]:
        doc = p["document"]
        stats["documents"] += 1
        if doc.get("state") == "unknown":
            stats["unresolved"] += 1
            found = [cause(doc.get("expr", ""))]
        elif doc.get("state") == "invalid":
            stats["invalid"] += 1
            continue
        else:
            found = []
            unknowns(doc.get("statements", []), found)
            stats["partial" if found else "full"] += 1
        for c in set(found):
            causes[c] += 1
        if not found or not (set(found) & OUTSIDE):
            stats["in_repo"] += 1
    return stats, causes


def main():
    args = sys.argv[1:]
    corpus = os.path.join(ROOT, "..", "shared", "corpus")
    if args and os.path.isdir(args[0]) and not os.path.isdir(os.path.join(corpus, args[0])):
        corpus, args = args[0], args[1:]
    sets = args or DEFAULT_SETS
    print("| set | documents | fully | partly | unresolved | in-repo fully resolved | top causes |")
    print("|---|---|---|---|---|---|---|")
    for s in sets:
        stats, causes = measure(os.path.join(corpus, s))
        in_repo = stats["in_repo"]
        share = f"{stats['full']}/{in_repo} ({100 * stats['full'] / in_repo:.1f}%)" if in_repo else "-"
        top = "; ".join(f"{c} {n}" for c, n in causes.most_common(4))
        print(
            f"| {s} | {stats['documents']} | {stats['full']} | {stats['partial']} | "
            f"{stats['unresolved']} | {share} | {top} |"
        )


if __name__ == "__main__":
    main()
