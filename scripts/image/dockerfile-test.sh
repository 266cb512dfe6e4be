#!/usr/bin/env bash
# make dockerfile-test: the release Dockerfile built with buildah (no daemon) and proven with image-test.
#
# This kind of machine cannot pull mcr.microsoft.com, so the Dockerfile's two base images are replaced by local
# stand-ins built here, through the Dockerfile's own SDK_IMAGE and RUNTIME_IMAGE arguments:
#   - SDK: Debian bookworm (mmdebstrap minbase) with this machine's .NET SDK and CA bundle (NuGet is reached
#     through it);
#   - runtime: the make image archive without /app, its user set to 1654 like Microsoft's chiseled images (the
#     Dockerfile must not leave /app to that user).
# Everything the Dockerfile does itself (context, restore, ReadyToRun publish, COPY, user, entrypoint, labels) runs
# as written, and the result goes through scripts/image/test.sh (without the SBOM check: the Dockerfile writes none).
# Slow (about 10 minutes on a loaded 2-core machine), so it is not part of CI; run it when the Dockerfile changes.
#
# Usage: scripts/image/dockerfile-test.sh [ARCHIVE]   (as root; ARCHIVE is the make image archive, the stand-in base)
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BASE_ARCHIVE="$(realpath "${1:-$ROOT/artifacts/image/kubeposture.oci.tar}")"
fail() { printf 'dockerfile-test failed: %s\n' "$*" >&2; exit 1; }
[[ -f "$BASE_ARCHIVE" ]] || fail "$BASE_ARCHIVE not found; run make image"
for tool in buildah skopeo mmdebstrap dotnet; do command -v "$tool" >/dev/null || fail "$tool is missing"; done
DOTNET_HOME="$(dirname "$(readlink -f "$(command -v dotnet)")")"
VERSION=$(sed -nE 's/^appVersion:[[:space:]]*"?([^"]+)"?[[:space:]]*$/\1/p' "$ROOT/charts/kubeposture/Chart.yaml")

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kubeposture-dockerfile-test.XXXXXX")"
STORE=(--storage-driver vfs --root "$WORK/storage" --runroot "$WORK/run")
cleanup() { buildah "${STORE[@]}" rm --all >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
started=$SECONDS
step() { printf '==> %s (%ss)\n' "$*" "$((SECONDS - started))"; }

step "SDK stand-in: Debian bookworm minbase + the .NET SDK in $DOTNET_HOME"
mmdebstrap --quiet --variant=minbase --include=ca-certificates,libssl3,libstdc++6,zlib1g,libicu72 bookworm "$WORK/sdk.tar"
c=$(buildah "${STORE[@]}" from scratch)
m=$(buildah "${STORE[@]}" mount "$c")
tar -xf "$WORK/sdk.tar" -C "$m"
mkdir -p "$m/usr/share/dotnet"
cp -a "$DOTNET_HOME"/. "$m/usr/share/dotnet/"
ln -sf /usr/share/dotnet/dotnet "$m/usr/bin/dotnet"
cp /etc/ssl/certs/ca-certificates.crt "$m/etc/ssl/certs/ca-certificates.crt"
buildah "${STORE[@]}" umount "$c" >/dev/null
buildah "${STORE[@]}" config --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --env DOTNET_CLI_TELEMETRY_OPTOUT=1 --env DOTNET_NOLOGO=1 "$c"
buildah "${STORE[@]}" commit -q "$c" localhost/sdk-standin >/dev/null

step "runtime stand-in: $BASE_ARCHIVE without /app, user 1654"
c=$(buildah "${STORE[@]}" from -q "oci-archive:$BASE_ARCHIVE")
m=$(buildah "${STORE[@]}" mount "$c")
rm -rf "$m/app"
buildah "${STORE[@]}" umount "$c" >/dev/null
buildah "${STORE[@]}" config --user 1654 --entrypoint '[]' --workingdir / "$c"
buildah "${STORE[@]}" commit -q "$c" localhost/runtime-standin >/dev/null

step "buildah bud Dockerfile"
buildah "${STORE[@]}" bud --network host --layers=false \
  --build-arg SDK_IMAGE=localhost/sdk-standin --build-arg RUNTIME_IMAGE=localhost/runtime-standin \
  --build-arg VERSION="$VERSION" --build-arg REVISION="$(git -C "$ROOT" rev-parse HEAD)" \
  -t localhost/kubeposture:dockerfile "$ROOT"
skopeo copy -q "containers-storage:[vfs@$WORK/storage+$WORK/run]localhost/kubeposture:dockerfile" \
  "oci-archive:$WORK/dockerfile.oci.tar:$VERSION"

step "image-test of the Dockerfile's image"
KUBEPOSTURE_IMAGE_TEST_NO_SBOM=1 "$ROOT/scripts/image/test.sh" "$WORK/dockerfile.oci.tar"
step "dockerfile-test passed"
