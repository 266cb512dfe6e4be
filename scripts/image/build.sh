#!/usr/bin/env bash
# make image: the operator's OCI image, built without a container daemon and without pulling from a registry.
#
#   1. Root file system from Debian packages: mmdebstrap --variant=extract (no maintainer scripts, no dpkg, no apt
#      in the result), then only the packages the .NET runtime needs (DEBIAN_PACKAGES); the dependencies that serve
#      only maintainer scripts are removed (DEBIAN_UNNEEDED, checked by debian_packages.py). No shell, no programs.
#   2. The .NET runtime (Microsoft.NETCore.App and Microsoft.AspNetCore.App) from the NuGet runtime packs that
#      `make publish` restored for ReadyToRun, at the version recorded in project.assets.json, laid out as a
#      shared install in /usr/share/dotnet (the apphost's default location).
#   3. The framework-dependent ReadyToRun operator (`make publish`) in /app; entrypoint /app/kubeposture (the apphost).
#   4. Two layers assembled with umoci: Debian + .NET runtime, then the operator. User 65532:65532, OCI labels,
#      every file time set to SOURCE_DATE_EPOCH (the last commit's time) so a rebuild of the same inputs gives the
#      same layers. Written as an OCI layout archive tagged with the chart's appVersion, with an SPDX SBOM beside it.
#
# Usage: scripts/image/build.sh PUBLISH_DIR ARCHIVE      (as root: mmdebstrap and umoci unpack/repack own files)
# Env:   RID (linux-x64 or linux-arm64; must match the publish), SOURCE_DATE_EPOCH, IMAGE_LICENSES
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
HERE="$ROOT/scripts/image"
PUBLISH="$(cd "${1:?publish folder}" && pwd)"
ARCHIVE="${2:?archive path}"
RID="${RID:-linux-x64}"
ASSETS="$ROOT/operator/KubePosture.Operator/obj/project.assets.json"

# The image's Debian packages: libc and the C++ runtime (the .NET host and runtime), OpenSSL (TLS and crypto),
# zlib (compression), CA certificates (TLS trust), tzdata (time zones, the PostureScan schedule's), base-files
# (os-release and the common licenses the copyright files refer to). No ICU: the operator is built with
# InvariantGlobalization (Directory.Build.props), so libicu is never loaded.
DEBIAN_SUITE=bookworm
DEBIAN_PACKAGES=(base-files libc6 libgcc-s1 gcc-12-base libstdc++6 libssl3 zlib1g ca-certificates tzdata)
# Hard dependencies of those that only maintainer scripts use (debconf questions, the openssl program that
# update-ca-certificates calls, perl for debconf, awk for base-files). The build fails on any other dependency.
DEBIAN_UNNEEDED=(debconf debconf-2.0 openssl perl-base awk mawk)

case "$RID" in
  linux-x64) DEB_ARCH=amd64 MULTIARCH=x86_64-linux-gnu ;;
  linux-arm64) DEB_ARCH=arm64 MULTIARCH=aarch64-linux-gnu ;;
  *) echo "RID $RID: the image is built for linux-x64 or linux-arm64" >&2; exit 2 ;;
esac
for tool in mmdebstrap umoci dpkg-deb python3 git; do
  command -v "$tool" >/dev/null || { echo "$tool is missing; scripts/ci-prereqs.sh installs it" >&2; exit 1; }
done
[[ $(id -u) -eq 0 ]] || { echo "make image runs as root (mmdebstrap --mode=root, umoci unpack/repack)" >&2; exit 1; }
[[ -x "$PUBLISH/kubeposture" && -f "$PUBLISH/kubeposture.dll" ]] || { echo "$PUBLISH has no published operator; run make publish" >&2; exit 1; }

VERSION=$(sed -nE 's/^appVersion:[[:space:]]*"?([^"]+)"?[[:space:]]*$/\1/p' "$ROOT/charts/kubeposture/Chart.yaml")
[[ -n "$VERSION" ]] || { echo "no appVersion in charts/kubeposture/Chart.yaml" >&2; exit 1; }
REVISION=$(git -C "$ROOT" rev-parse HEAD)
if [[ -n "$(git -C "$ROOT" status --porcelain --untracked-files=no)" ]]; then
  echo "warning: the work tree has uncommitted changes; the image's revision label names HEAD ($REVISION)" >&2
fi
SOURCE_URL=https://github.com/kubeposture/kubeposture
# The repository declares no licence yet; NOASSERTION is SPDX for "not stated". Set IMAGE_LICENSES when it does.
LICENSES="${IMAGE_LICENSES:-NOASSERTION}"
export SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(git -C "$ROOT" log -1 --format=%ct)}"
CREATED=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kubeposture-image.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
ROOTFS="$WORK/rootfs"
started=$SECONDS
step() { printf '==> %s (%ss)\n' "$*" "$((SECONDS - started))"; }

# ---- 1. Debian root file system -----------------------------------------------------------------------------------
step "mmdebstrap $DEBIAN_SUITE/$DEB_ARCH: ${DEBIAN_PACKAGES[*]}"
mmdebstrap --quiet --variant=extract --mode=root --format=directory --architectures="$DEB_ARCH" \
  --include="$(IFS=,; echo "${DEBIAN_PACKAGES[*]}")" \
  --skip=output/dev,output/mknod \
  --extract-hook="sync-out /var/cache/apt/archives $WORK/debs" \
  "$DEBIAN_SUITE" "$ROOTFS"
python3 "$HERE/debian_packages.py" --debs "$WORK/debs" --root "$ROOTFS" \
  --keep "$(IFS=,; echo "${DEBIAN_PACKAGES[*]}")" --unneeded "$(IFS=,; echo "${DEBIAN_UNNEEDED[*]}")" \
  --manifest "$WORK/debian-packages.json"

step "pruning: mmdebstrap's apt and dpkg scaffolding, programs, documentation except copyright files"
rm -rf "$ROOTFS"/etc/apt "$ROOTFS"/etc/dpkg "$ROOTFS"/var/lib/apt "$ROOTFS"/var/cache "$ROOTFS"/var/log \
  "$ROOTFS"/etc/fstab "$ROOTFS"/etc/hostname "$ROOTFS"/etc/resolv.conf "$ROOTFS"/etc/machine-id \
  "$ROOTFS"/usr/share/man "$ROOTFS"/usr/share/info "$ROOTFS"/usr/share/lintian "$ROOTFS"/usr/share/locale \
  "$ROOTFS"/usr/share/bug "$ROOTFS"/usr/share/debconf "$ROOTFS"/usr/share/base-files/*profile* \
  "$ROOTFS"/usr/share/gdb "$ROOTFS"/usr/share/gcc "$ROOTFS"/etc/update-motd.d "$ROOTFS"/dev \
  "$ROOTFS"/usr/lib/"$MULTIARCH"/gconv "$ROOTFS"/etc/profile* "$ROOTFS"/etc/*bashrc "$ROOTFS"/etc/skel
find "$ROOTFS"/var/lib/dpkg -mindepth 1 -maxdepth 1 ! -name status.d -exec rm -rf {} +
# Nothing but the operator runs: no shell, no ldconfig, no update-ca-certificates (a shell script), no iconv.
for dir in bin sbin usr/bin usr/sbin usr/libexec usr/local; do rm -rf "${ROOTFS:?}/$dir"; done
find "$ROOTFS"/usr/share/doc -mindepth 2 ! -name copyright ! -type d -delete
find "$ROOTFS" -depth -mindepth 1 -type d -empty -delete

step "configuration the maintainer scripts would have written"
# update-ca-certificates: every certificate of the package is trusted (its default); the bundle OpenSSL and .NET read.
mkdir -p "$ROOTFS"/etc/ssl/certs "$ROOTFS"/usr/lib/ssl
find "$ROOTFS"/usr/share/ca-certificates -name '*.crt' -printf '%P\n' | LC_ALL=C sort |
  while read -r cert; do
    cat "$ROOTFS/usr/share/ca-certificates/$cert"
    [[ -z "$(tail -c1 "$ROOTFS/usr/share/ca-certificates/$cert")" ]] || echo
  done >"$ROOTFS"/etc/ssl/certs/ca-certificates.crt
certificates=$(grep -c 'BEGIN CERTIFICATE' "$ROOTFS"/etc/ssl/certs/ca-certificates.crt)
((certificates > 100)) || { echo "the CA bundle has only $certificates certificates" >&2; exit 1; }
ln -s /etc/ssl/certs/ca-certificates.crt "$ROOTFS"/usr/lib/ssl/cert.pem   # OpenSSL's default file (Debian's openssl package)
ln -s /etc/ssl/certs "$ROOTFS"/usr/lib/ssl/certs                          # and default directory
# tzdata: the container's local time is UTC.
ln -s /usr/share/zoneinfo/Etc/UTC "$ROOTFS"/etc/localtime
echo Etc/UTC >"$ROOTFS"/etc/timezone
# The non-root user the chart runs as (runAsUser/runAsGroup 65532), with a home it does not need to write.
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin\n' >"$ROOTFS"/etc/passwd
printf 'root:x:0:\nnonroot:x:65532:\n' >"$ROOTFS"/etc/group
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$ROOTFS"/etc/nsswitch.conf
mkdir -p "$ROOTFS"/home/nonroot "$ROOTFS"/root "$ROOTFS"/tmp "$ROOTFS"/proc "$ROOTFS"/sys "$ROOTFS"/dev

# ---- 2. .NET runtime from the NuGet runtime packs -----------------------------------------------------------------
step ".NET runtime packs for $RID (from project.assets.json)"
read -r NUGET_ROOT NETCORE_VERSION ASPNETCORE_VERSION < <(python3 - "$ASSETS" "$RID" <<'PY'
import json, sys
assets = json.load(open(sys.argv[1]))
rid = sys.argv[2]
folders = [assets["project"]["restore"].get("packagesPath")] + list(assets["packageFolders"])
folders = [f.rstrip("/") for f in folders if f]
versions = {}
for framework in assets["project"]["frameworks"].values():
    for dep in framework.get("downloadDependencies", []):
        versions[dep["name"].lower()] = dep["version"].strip("[]").split(",")[0].strip()
try:
    print(folders[0], versions[f"microsoft.netcore.app.runtime.{rid}"], versions[f"microsoft.aspnetcore.app.runtime.{rid}"])
except KeyError as missing:
    sys.exit(f"{sys.argv[1]} has no runtime pack {missing} for {rid}: run make publish RID={rid} first")
PY
)
NETCORE_PACK="$NUGET_ROOT/microsoft.netcore.app.runtime.$RID/$NETCORE_VERSION/runtimes/$RID"
ASPNETCORE_PACK="$NUGET_ROOT/microsoft.aspnetcore.app.runtime.$RID/$ASPNETCORE_VERSION/runtimes/$RID"
[[ -d "$NETCORE_PACK" && -d "$ASPNETCORE_PACK" ]] || { echo "runtime packs missing under $NUGET_ROOT; run make publish" >&2; exit 1; }
DOTNET="$ROOTFS/usr/share/dotnet"
mkdir -p "$DOTNET/host/fxr/$NETCORE_VERSION" "$DOTNET/shared/Microsoft.NETCore.App/$NETCORE_VERSION" \
  "$DOTNET/shared/Microsoft.AspNetCore.App/$ASPNETCORE_VERSION"
cp "$NETCORE_PACK"/lib/net*/* "$NETCORE_PACK"/native/* "$DOTNET/shared/Microsoft.NETCore.App/$NETCORE_VERSION/"
mv "$DOTNET/shared/Microsoft.NETCore.App/$NETCORE_VERSION/libhostfxr.so" "$DOTNET/host/fxr/$NETCORE_VERSION/"
cp "$ASPNETCORE_PACK"/lib/net*/* "$DOTNET/shared/Microsoft.AspNetCore.App/$ASPNETCORE_VERSION/"
if [[ -d "$ASPNETCORE_PACK/native" ]]; then cp "$ASPNETCORE_PACK"/native/* "$DOTNET/shared/Microsoft.AspNetCore.App/$ASPNETCORE_VERSION/"; fi
cp "$NUGET_ROOT/microsoft.netcore.app.runtime.$RID/$NETCORE_VERSION/LICENSE.TXT" "$DOTNET/LICENSE.txt"
cp "$NUGET_ROOT/microsoft.netcore.app.runtime.$RID/$NETCORE_VERSION/THIRD-PARTY-NOTICES.TXT" "$DOTNET/ThirdPartyNotices.txt"
for fx in Microsoft.NETCore.App/"$NETCORE_VERSION" Microsoft.AspNetCore.App/"$ASPNETCORE_VERSION"; do
  [[ -f "$DOTNET/shared/$fx/${fx%%/*}.deps.json" ]] || { echo "runtime pack lacks ${fx%%/*}.deps.json" >&2; exit 1; }
done

# ---- 3. the operator ----------------------------------------------------------------------------------------------
APP="$WORK/app"
mkdir -p "$APP/app"
cp -a "$PUBLISH"/. "$APP/app/"

# Files are root's and read-only to everyone else. Debian's files keep their packages' modes; the runtime and the
# operator (copied from the NuGet cache and the publish folder) are normalised: the apphost and createdump are
# their only programs.
chown -R -h 0:0 "$ROOTFS" "$APP"
for tree in "$DOTNET" "$APP"; do
  find "$tree" -type d -exec chmod 0755 {} +
  find "$tree" -type f -exec chmod 0644 {} +
done
chown 65532:65532 "$ROOTFS"/home/nonroot
chmod 0750 "$ROOTFS"/home/nonroot "$ROOTFS"/root
chmod 1777 "$ROOTFS"/tmp
chmod 0755 "$APP/app/kubeposture" "$DOTNET/shared/Microsoft.NETCore.App/$NETCORE_VERSION/createdump"

# ---- 4. the image -------------------------------------------------------------------------------------------------
step "umoci: layers, config, labels (tag $VERSION)"
LAYOUT="$WORK/layout"
BUNDLE="$WORK/bundle"
umoci init --layout "$LAYOUT"
umoci new --image "$LAYOUT:$VERSION"
umoci unpack --image "$LAYOUT:$VERSION" "$BUNDLE"
stamp() { find "$1" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +; }
cp -a "$ROOTFS"/. "$BUNDLE/rootfs/"
stamp "$BUNDLE/rootfs"
umoci repack --refresh-bundle --image "$LAYOUT:$VERSION" --history.created="$CREATED" \
  --history.created_by="mmdebstrap --variant=extract $DEBIAN_SUITE/$DEB_ARCH ${DEBIAN_PACKAGES[*]}; .NET runtime $NETCORE_VERSION, ASP.NET Core $ASPNETCORE_VERSION (NuGet runtime packs)" \
  "$BUNDLE"
cp -a "$APP"/. "$BUNDLE/rootfs/"
stamp "$BUNDLE/rootfs"
umoci repack --image "$LAYOUT:$VERSION" --history.created="$CREATED" \
  --history.created_by="kubeposture $VERSION ($REVISION): dotnet publish -r $RID --self-contained false -p:PublishReadyToRun=true" \
  "$BUNDLE"
umoci config --image "$LAYOUT:$VERSION" --no-history --created="$CREATED" --os=linux --architecture="$DEB_ARCH" \
  --config.user=65532:65532 --config.entrypoint=/app/kubeposture --config.workingdir=/app \
  --config.env=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  --config.env=DOTNET_ROOT=/usr/share/dotnet --config.env=DOTNET_RUNNING_IN_CONTAINER=true \
  --config.env=DOTNET_VERSION="$NETCORE_VERSION" --config.env=APP_UID=65532 \
  --config.exposedports=8080/tcp --config.exposedports=8081/tcp \
  --config.label=org.opencontainers.image.title=kubeposture \
  --config.label="org.opencontainers.image.description=Posture operator for Amazon EKS" \
  --config.label=org.opencontainers.image.source="$SOURCE_URL" \
  --config.label=org.opencontainers.image.revision="$REVISION" \
  --config.label=org.opencontainers.image.version="$VERSION" \
  --config.label=org.opencontainers.image.licenses="$LICENSES" \
  --config.label=org.opencontainers.image.created="$CREATED"
umoci gc --layout "$LAYOUT"

step "archive and SBOM"
mkdir -p "$(dirname "$ARCHIVE")"
stamp "$LAYOUT"
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime="@$SOURCE_DATE_EPOCH" --format=posix \
  --pax-option=exthdr.name=%d/PaxHeaders/%f,delete=atime,delete=ctime -C "$LAYOUT" -cf "$ARCHIVE.tmp" .
mv "$ARCHIVE.tmp" "$ARCHIVE"
python3 "$HERE/sbom.py" --debian "$WORK/debian-packages.json" --assets "$ASSETS" --deps "$PUBLISH/kubeposture.deps.json" \
  --nuget-root "$NUGET_ROOT" --rid "$RID" --netcore "$NETCORE_VERSION" --aspnetcore "$ASPNETCORE_VERSION" \
  --name kubeposture --version "$VERSION" --revision "$REVISION" --source "$SOURCE_URL" --licenses "$LICENSES" \
  --created "$CREATED" --archive "$ARCHIVE" --output "${ARCHIVE%.oci.tar}.spdx.json"
size=$(du -b "$ARCHIVE" | cut -f1)
step "done: $ARCHIVE ($((size / 1024 / 1024)) MiB compressed), ${ARCHIVE%.oci.tar}.spdx.json"
