#!/usr/bin/env bash
# Install what `make test` needs and a fresh machine of this kind may lack. Idempotent.
set -euo pipefail
need_apt=()
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
command -v kubectl >/dev/null 2>&1 || true   # make tools brings kubectl into .tools/ anyway
# make image, make image-test and make dockerfile-test: the root file system, the OCI layout, reading it, running it,
# the golden's clock, building the Dockerfile.
for pkg in mmdebstrap umoci skopeo runc libfaketime buildah; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || need_apt+=("$pkg")
done
if ((${#need_apt[@]})); then
    if [[ $(id -u) -eq 0 ]]; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
    else
        echo "missing: ${need_apt[*]} (install as root: apt-get install ${need_apt[*]})" >&2
        exit 1
    fi
fi
# moto and the AWS CLI come with the machine image's Python; the conformance tests fail loudly without them.
python3 -c "import moto, boto3" || { echo "moto/boto3 missing from python3: conformance tests need them" >&2; exit 1; }
