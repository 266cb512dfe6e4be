#!/usr/bin/env bash
# make image-test: the image archive, unpacked and run with runc the way the chart runs it.
#
#   1. The archive is an OCI layout that umoci and skopeo read, tagged with the chart's appVersion; its config runs
#      /app/kubeposture as 65532:65532 and carries the OCI labels.
#   2. No shell: no /bin/sh (or any other shell, busybox or script) in the root file system, and runc cannot start one.
#   3. `kubeposture scan -f /demo/cluster --aws -o json` in the container (demo/cluster bind-mounted read-only, the AWS
#      emulator on the host) gives exactly the findings of demo/cluster-findings.golden, at the golden's clock.
#   4. The chart rendered with its defaults, scanned in the container with --fail-on high: exit 0 (no High finding).
#   5. `kubeposture run` in the container against the Kubernetes and AWS emulators on the host brings
#      examples/posturescan.yaml to Ready, then stops cleanly on SIGTERM.
#
# Every container: read-only root, user and entrypoint from the image config, all capabilities dropped,
# no-new-privileges, the host's network namespace (the emulators listen on loopback) and no rlimits (this kind of
# machine forbids setrlimit). `run` gets a tmpfs on /tmp like the chart's emptyDir; the scans get no writable path.
#
# Usage: scripts/image/test.sh [ARCHIVE]   (as root; needs the emulators built and .tools from make tools)
# Env:   KUBEPOSTURE_IMAGE_TEST_KEEP=1 keeps the work folder; KUBEPOSTURE_IMAGE_TEST_TIMEOUT seconds to Ready (180)
set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ARCHIVE="$(realpath "${1:-$ROOT/artifacts/image/kubeposture.oci.tar}")"
CONFIG="${CONFIG:-Release}"
TOOLS="${KUBEPOSTURE_TOOLS:-$ROOT/.tools}"
TIMEOUT="${KUBEPOSTURE_IMAGE_TEST_TIMEOUT:-180}"
TFM=net10.0
KUBE_EMULATOR="$ROOT/tests/KubePosture.KubeEmulator/bin/$CONFIG/$TFM/KubePosture.KubeEmulator"
AWS_EMULATOR="$ROOT/tests/KubePosture.AwsEmulator/bin/$CONFIG/$TFM/KubePosture.AwsEmulator"
AWS_FIXTURE="$ROOT/tests/KubePosture.AwsEmulator/fixtures/demo-account.yaml"
NS=kubeposture

fail() { printf 'image-test failed: %s\n' "$*" >&2; exit 1; }
pass() { printf '  ok  %s\n' "$*"; PASSED=$((PASSED + 1)); }
PASSED=0
[[ -f "$ARCHIVE" ]] || fail "$ARCHIVE not found; run make image"
[[ $(id -u) -eq 0 ]] || fail "runc and umoci unpack need root"
for tool in umoci skopeo runc python3; do command -v "$tool" >/dev/null || fail "$tool is missing; scripts/ci-prereqs.sh installs it"; done
for exe in "$KUBE_EMULATOR" "$AWS_EMULATOR" "$TOOLS/kubectl" "$TOOLS/helm"; do
  [[ -x "$exe" ]] || fail "$exe not found (make image-test builds the emulators and runs make tools)"
done
VERSION=$(sed -nE 's/^appVersion:[[:space:]]*"?([^"]+)"?[[:space:]]*$/\1/p' "$ROOT/charts/kubeposture/Chart.yaml")

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kubeposture-image-test.XXXXXX")"
PIDS=()
CONTAINERS=()
cleanup() {
  local code=$? i
  trap - EXIT
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[i]}" 2>/dev/null || true; done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do wait "${PIDS[i]}" 2>/dev/null || true; done
  for id in "${CONTAINERS[@]}"; do runc delete --force "$id" >/dev/null 2>&1 || true; done
  if [[ "${KUBEPOSTURE_IMAGE_TEST_KEEP:-0}" == 1 ]]; then echo "work folder kept: $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$code"
}
trap cleanup EXIT

# wait_for_line FILE REGEX SECONDS PID: prints the first line of FILE matching REGEX; fails when PID exits or time is up.
wait_for_line() {
  local file=$1 regex=$2 pid=$4 deadline=$((SECONDS + $3)) line
  while ((SECONDS < deadline)); do
    if line=$(grep -m1 -E "$regex" "$file" 2>/dev/null); then printf '%s\n' "$line"; return 0; fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 20 "$file" >&2
  return 1
}

# ---- 1. the archive -----------------------------------------------------------------------------------------------
echo "image-test: $ARCHIVE"
skopeo inspect "oci-archive:$ARCHIVE" >"$WORK/inspect.json" || fail "skopeo cannot read oci-archive:$ARCHIVE"
skopeo inspect --config "oci-archive:$ARCHIVE" >"$WORK/config.json" || fail "skopeo cannot read the image config"
mkdir "$WORK/layout"
tar -xf "$ARCHIVE" -C "$WORK/layout"
tags=$(umoci ls --layout "$WORK/layout") || fail "umoci cannot read the layout"
[[ "$tags" == "$VERSION" ]] || fail "the layout's tags are \"$tags\", expected the chart's appVersion $VERSION"
pass "OCI layout read by skopeo and umoci, tagged $VERSION"
python3 - "$WORK/config.json" "$VERSION" "$(git -C "$ROOT" rev-parse HEAD)" <<'PY' || fail "image config"
import json, sys
image = json.load(open(sys.argv[1]))
config, version, head = image["config"], sys.argv[2], sys.argv[3]
problems = []
if config.get("User") != "65532:65532":
    problems.append(f"User is {config.get('User')!r}, expected 65532:65532 (numeric, non-root)")
if config.get("Entrypoint") != ["/app/kubeposture"]:
    problems.append(f"Entrypoint is {config.get('Entrypoint')!r}, expected ['/app/kubeposture']")
labels = config.get("Labels") or {}
for label in ("source", "revision", "version", "licenses"):
    if not labels.get(f"org.opencontainers.image.{label}"):
        problems.append(f"label org.opencontainers.image.{label} is missing")
if labels.get("org.opencontainers.image.version") != version:
    problems.append(f"label version is {labels.get('org.opencontainers.image.version')!r}, expected {version}")
if len(labels.get("org.opencontainers.image.revision", "")) != 40:
    problems.append("label revision is not a commit id")
if problems:
    sys.exit("\n".join(problems))
if labels["org.opencontainers.image.revision"] != head:
    print(f"  note: the image was built at {labels['org.opencontainers.image.revision'][:12]}, HEAD is {head[:12]}")
PY
pass "config: user 65532:65532, entrypoint /app/kubeposture, labels source/revision/version/licenses"

# ---- 2. the root file system: no shell, root's files -------------------------------------------------------------
BUNDLE="$WORK/bundle"
umoci unpack --image "$WORK/layout:$VERSION" "$BUNDLE" >/dev/null
ROOTFS="$BUNDLE/rootfs"
for shell in /bin/sh /usr/bin/sh /bin/bash /usr/bin/bash /bin/dash /usr/bin/dash /bin/busybox /usr/bin/busybox; do
  [[ ! -e "$ROOTFS$shell" && ! -L "$ROOTFS$shell" ]] || fail "the image has $shell"
done
python3 - "$ROOTFS" <<'PY' || fail "the image has a shell, an interpreter or a script"
import os, sys
root = sys.argv[1]
names = {"sh", "bash", "dash", "ash", "zsh", "ksh", "busybox", "perl", "python", "python3"}
found = []
for folder, dirs, files in os.walk(root):
    for name in files:
        path = os.path.join(folder, name)
        if name in names or name.startswith(("python3.", "perl5")):
            found.append(path[len(root):])
        elif os.path.isfile(path) and not os.path.islink(path):
            with open(path, "rb") as f:
                if f.read(2) == b"#!":
                    found.append(path[len(root):] + " (script)")
if found:
    sys.exit("\n".join(found))
PY
pass "no /bin/sh, no shell, interpreter or script in the root file system"
python3 - "$ROOTFS" <<'PY' || fail "file ownership or modes"
import os, stat, sys
root = sys.argv[1]
problems = []
for folder, dirs, files in os.walk(root):
    for name in dirs + files:
        path = os.path.join(folder, name)
        relative = path[len(root):]
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            continue
        if info.st_mode & (stat.S_ISUID | stat.S_ISGID):
            problems.append(f"{relative}: setuid or setgid")
        if info.st_mode & stat.S_IWOTH and relative != "/tmp":
            problems.append(f"{relative}: writable by everyone")
        if info.st_uid != 0 and relative != "/home/nonroot":
            problems.append(f"{relative}: owned by {info.st_uid}, not root")
if problems:
    sys.exit("\n".join(problems[:20]))
PY
pass "every file is root's (but /home/nonroot), none setuid or setgid, none writable by others (but /tmp)"

# ---- the SBOM beside the archive matches the image ----------------------------------------------------------------
SBOM="${ARCHIVE%.oci.tar}.spdx.json"
# KUBEPOSTURE_IMAGE_TEST_NO_SBOM=1 only for the Dockerfile's image (dockerfile-test.sh), which has no SBOM.
[[ "${KUBEPOSTURE_IMAGE_TEST_NO_SBOM:-0}" == 1 ]] || python3 - "$SBOM" "$WORK/layout/index.json" "$ROOTFS" "$WORK/config.json" <<'PY' || fail "$SBOM does not describe the image"
import json, os, sys
sbom_path, index_path, root, config_path = sys.argv[1:]
rid = {"amd64": "linux-x64", "arm64": "linux-arm64"}[json.load(open(config_path))["architecture"]]
sbom = json.load(open(sbom_path))
digest = json.load(open(index_path))["manifests"][0]["digest"].removeprefix("sha256:")
packages = {p["SPDXID"]: p for p in sbom["packages"]}
problems = []
if sbom.get("spdxVersion") != "SPDX-2.3":
    problems.append(f"spdxVersion {sbom.get('spdxVersion')!r}")
described = [packages[i] for i in sbom.get("documentDescribes", []) if i in packages]
if not described or described[0]["checksums"][0]["checksumValue"] != digest:
    problems.append(f"the SBOM does not describe the image's manifest sha256:{digest}")
def purls(kind):
    found = {}
    for p in sbom["packages"]:
        for ref in p.get("externalRefs", []):
            if ref["referenceLocator"].startswith(f"pkg:{kind}/"):
                found[p["name"]] = p["versionInfo"]
    return found
debian, nuget = purls("deb"), purls("nuget")
status = {}
for name in os.listdir(os.path.join(root, "var/lib/dpkg/status.d")):
    fields = dict(line.split(": ", 1) for line in open(os.path.join(root, "var/lib/dpkg/status.d", name)) if ": " in line and not line[0].isspace())
    status[fields["Package"].strip()] = fields["Version"].strip()
if debian != status:
    problems.append(f"Debian packages: SBOM {sorted(debian.items())} != image {sorted(status.items())}")
deps = json.load(open(os.path.join(root, "app/kubeposture.deps.json")))
for key, library in deps["libraries"].items():
    name, version = key.split("/", 1)
    if library["type"] == "package" and nuget.get(name) != version:
        problems.append(f"NuGet {name} {version} in /app is {nuget.get(name)!r} in the SBOM")
for framework in ("Microsoft.NETCore.App", "Microsoft.AspNetCore.App"):
    for version in os.listdir(os.path.join(root, "usr/share/dotnet/shared", framework)):
        if nuget.get(f"{framework}.Runtime.{rid}") != version:
            problems.append(f"{framework} {version} is not in the SBOM")
if problems:
    sys.exit("\n".join(problems))
print(f"  SBOM: {len(debian)} Debian packages, {len(nuget)} NuGet packages and runtime packs, manifest sha256:{digest[:12]}")
PY
[[ "${KUBEPOSTURE_IMAGE_TEST_NO_SBOM:-0}" == 1 ]] ||
  pass "the SPDX SBOM beside the archive names the image's digest and exactly its Debian, runtime and NuGet packages"

# write_config NAME [--tmp] [--bind HOST:CONTAINER]... -- ARGS...: a runtime spec from the image config's process
# (user, entrypoint, env, working directory) with the hardening above; ARGS follow the entrypoint.
write_config() {
  local name=$1; shift
  mkdir -p "$WORK/$name"
  python3 - "$BUNDLE/config.json" "$WORK/$name/config.json" "$ROOTFS" "$@" <<'PY'
import json, sys
image_spec, out, rootfs, rest = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
process = json.load(open(image_spec))["process"]   # umoci unpack derives it from the image config
split = rest.index("--")
options, args = rest[:split], rest[split + 1:]
env = list(process["env"])
mounts = [
    {"destination": "/proc", "type": "proc", "source": "proc"},
    {"destination": "/dev", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
    {"destination": "/dev/pts", "type": "devpts", "source": "devpts", "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]},
    {"destination": "/dev/shm", "type": "tmpfs", "source": "shm", "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
    {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue", "options": ["nosuid", "noexec", "nodev"]},
    {"destination": "/sys", "type": "sysfs", "source": "sysfs", "options": ["nosuid", "noexec", "nodev", "ro"]},
]
i = 0
while i < len(options):
    if options[i] == "--tmp":      # the chart's emptyDir on /tmp (sizeLimit 64Mi)
        mounts.append({"destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["nosuid", "nodev", "mode=1777", "size=65536k"]})
    elif options[i] == "--bind":
        source, destination = options[i + 1].split(":", 1)
        mounts.append({"destination": destination, "type": "bind", "source": source, "options": ["rbind", "ro", "nosuid", "nodev"]})
        i += 1
    elif options[i] == "--env":
        env.append(options[i + 1])
        i += 1
    else:
        sys.exit(f"write_config: unknown option {options[i]}")
    i += 1
spec = {
    "ociVersion": "1.0.2",
    "process": {
        "terminal": False,
        "user": process["user"],
        "args": process["args"] + args,
        "env": env,
        "cwd": process["cwd"],
        "capabilities": {k: [] for k in ("bounding", "effective", "inheritable", "permitted", "ambient")},
        "noNewPrivileges": True,
        # no "rlimits": this machine forbids setrlimit, and the chart sets none either
    },
    "root": {"path": rootfs, "readonly": True},
    "hostname": "kubeposture",
    "mounts": mounts,
    "linux": {
        # no network namespace: the host's, so the emulators on loopback are reachable
        "namespaces": [{"type": t} for t in ("pid", "ipc", "uts", "mount")],
        "maskedPaths": ["/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
                        "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware"],
        "readonlyPaths": ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"],
    },
}
if spec["process"]["user"].get("uid") in (None, 0):
    sys.exit("the image config's user is root")
json.dump(spec, open(out, "w"), indent=2)
PY
}
container_id() { printf 'kubeposture-image-test-%s-%s' "$1" "$$"; }
# run_container NAME: runs WORK/NAME/config.json to completion; stdout and stderr into WORK/NAME.out and .err.
run_container() {
  local id; id=$(container_id "$1")
  CONTAINERS+=("$id")
  runc run --bundle "$WORK/$1" "$id" </dev/null >"$WORK/$1.out" 2>"$WORK/$1.err"
}

write_config shell -- ignored
python3 - "$WORK/shell/config.json" <<'PY'
import json, sys
spec = json.load(open(sys.argv[1])); spec["process"]["args"] = ["/bin/sh", "-c", "true"]; json.dump(spec, open(sys.argv[1], "w"))
PY
if run_container shell; then fail "runc started /bin/sh in the image"; fi
grep -q 'no such file or directory' "$WORK/shell.err" || fail "/bin/sh did not fail for being absent: $(cat "$WORK/shell.err")"
pass "runc cannot start /bin/sh in the image (stat /bin/sh: no such file or directory)"

# ---- 3. the demo cluster's golden findings ------------------------------------------------------------------------
# The AWS emulator serves the demo account on the host's loopback, as for DemoClusterGoldenTests and make demo.
# The golden file holds the findings at the demo account's "today", 2026-01-15T06:00:00Z (the golden test's
# FakeTimeProvider); five checks compare ages with the clock (ECR scan age, SSM patch age, node heartbeats, EKS and
# Kubernetes support dates), so the real clock would add findings as time passes. For this scan only, Debian's
# libfaketime (bind-mounted read-only, LD_PRELOAD) sets the container's wall clock to that instant; the monotonic
# clock stays real. The image itself is unchanged: the library lives on the host.
FAKETIME_LIB=$(dpkg -L libfaketime 2>/dev/null | grep -m1 '/libfaketimeMT\.so\.1$') ||
  fail "libfaketime is missing (apt-get install libfaketime; scripts/ci-prereqs.sh installs it)"
"$AWS_EMULATOR" --fixture "$AWS_FIXTURE" >"$WORK/aws-emulator.log" 2>&1 &
PIDS+=($!)
line=$(wait_for_line "$WORK/aws-emulator.log" '^listening on ' 60 "${PIDS[-1]}") || fail "the AWS emulator did not start"
AWS_URL=${line#listening on }
AWS_ENV=(--env AWS_ACCESS_KEY_ID=AKIAKUBEPOSTUREDEMO1 --env AWS_SECRET_ACCESS_KEY=kubeposture/demo/secret/key/0000000000000
  --env AWS_REGION=us-west-2 --env AWS_EC2_METADATA_DISABLED=true)
write_config scan --bind "$ROOT/demo/cluster:/demo/cluster" "${AWS_ENV[@]}" \
  --bind "$FAKETIME_LIB:/usr/lib/faketime/libfaketimeMT.so.1" --env LD_PRELOAD=/usr/lib/faketime/libfaketimeMT.so.1 \
  --env "FAKETIME=@2026-01-15 06:00:00" --env FAKETIME_DONT_FAKE_MONOTONIC=1 -- \
  scan -f /demo/cluster -o json --aws --region us-west-2 --cluster-name demo --aws-endpoint-url "$AWS_URL"
run_container scan || fail "kubeposture scan exited with $? in the container: $(tail -n 20 "$WORK/scan.err")"
[[ ! -s "$WORK/scan.err" ]] || fail "kubeposture scan wrote to standard error: $(head -n 20 "$WORK/scan.err")"
python3 "$ROOT/scripts/image/golden.py" "$WORK/scan.out" "$ROOT/demo/cluster-findings.golden" || fail "the findings differ from demo/cluster-findings.golden"
pass "kubeposture scan -f /demo/cluster --aws -o json (read-only root, no writable path) gives demo/cluster-findings.golden"

# ---- 4. the chart with its defaults, clean at High ----------------------------------------------------------------
"$TOOLS/helm" template kubeposture "$ROOT/charts/kubeposture" --namespace "$NS" >"$WORK/chart.yaml"
write_config chart --bind "$WORK/chart.yaml:/chart/chart.yaml" -- scan -f /chart/chart.yaml --fail-on high
run_container chart || fail "kubeposture scan --fail-on high of the default chart exited with $?: $(grep -E '^(CRITICAL|HIGH)' "$WORK/chart.out" | head)$(tail -n 5 "$WORK/chart.err")"
pass "kubeposture scan of the chart rendered with its defaults: no High or Critical finding ($(tail -n 4 "$WORK/chart.out" | head -n 1))"

# ---- 5. the operator against the emulators ------------------------------------------------------------------------
OPERATOR_TOKEN="kubeposture-image-test-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
printf '%s,system:serviceaccount:%s:kubeposture,kubeposture-image-test-uid,\n' "$OPERATOR_TOKEN" "$NS" >"$WORK/tokens.csv"
ADMIN_KC="$WORK/admin.kubeconfig"
"$KUBE_EMULATOR" --seed "$ROOT/demo/cluster" --kubeconfig "$ADMIN_KC" --token-file "$WORK/tokens.csv" \
  --kubernetes-version v1.31.9-eks-5f8bd40 >"$WORK/kube-emulator.log" 2>&1 &
PIDS+=($!)
wait_for_line "$WORK/kube-emulator.log" '^kube-emulator serving on ' 60 "${PIDS[-1]}" >/dev/null || fail "the Kubernetes emulator did not start"
kubectl() { "$TOOLS/kubectl" --kubeconfig "$ADMIN_KC" "$@"; }
kubectl apply -f "$ROOT/charts/kubeposture/crds/" >/dev/null
kubectl wait --for condition=Established --timeout=30s -f "$ROOT/charts/kubeposture/crds/" >/dev/null
"$TOOLS/helm" template kubeposture "$ROOT/charts/kubeposture" --namespace "$NS" \
  --set scan.create=false --set aws.region=us-west-2 --set aws.clusterName=demo >"$WORK/chart-demo.yaml"
python3 - "$WORK/chart-demo.yaml" "$WORK/chart-rbac.yaml" <<'PY'
import sys, yaml
keep = {"ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"}
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d.get("kind") in keep]
yaml.safe_dump_all(docs, open(sys.argv[2], "w"), sort_keys=False)
PY
kubectl apply -f "$WORK/chart-rbac.yaml" >/dev/null
# The operator's kubeconfig: the emulator's (https on loopback, its CA), with the chart ServiceAccount's token.
OPERATOR_KC="$WORK/operator.kubeconfig"
cp "$ADMIN_KC" "$OPERATOR_KC"
user=$("$TOOLS/kubectl" --kubeconfig "$OPERATOR_KC" config view -o jsonpath='{.contexts[0].context.user}')
"$TOOLS/kubectl" --kubeconfig "$OPERATOR_KC" config set-credentials "$user" --token="$OPERATOR_TOKEN" >/dev/null
chmod 0644 "$OPERATOR_KC"   # readable by 65532 through the read-only bind mount
AWS_ENDPOINTS=()
for service in ecr eks ec2 ssm iam ecs sts securityhub kms logs guardduty inspector2 elasticloadbalancing wafv2; do AWS_ENDPOINTS+=(--env "Aws__Endpoints__$service=$AWS_URL"); done
# The chart's arguments and environment, with the kubeconfig in place of the in-cluster ServiceAccount mount.
write_config run --tmp --bind "$OPERATOR_KC:/etc/kubeposture/kubeconfig" "${AWS_ENV[@]}" "${AWS_ENDPOINTS[@]}" \
  --env POD_NAME=kubeposture-image-test --env POD_NAMESPACE="$NS" --env Aws__ClusterName=demo --env Aws__Region=us-west-2 \
  --env AWS_STS_REGIONAL_ENDPOINTS=regional --env DOTNET_gcServer=0 -- \
  run --leader-elect --control-namespace "$NS" --kubeconfig /etc/kubeposture/kubeconfig \
  --metrics-bind-address 127.0.0.1:0 --health-probe-bind-address 127.0.0.1:0
RUN_ID=$(container_id run)
CONTAINERS+=("$RUN_ID")
runc run --bundle "$WORK/run" "$RUN_ID" </dev/null >"$WORK/run.log" 2>&1 &
RUN_PID=$!
PIDS+=("$RUN_PID")
kubectl apply -f "$ROOT/examples/posturescan.yaml" >/dev/null
deadline=$((SECONDS + TIMEOUT))
ready=
while ((SECONDS < deadline)); do
  kill -0 "$RUN_PID" 2>/dev/null || { tail -n 30 "$WORK/run.log" >&2; fail "the operator's container exited"; }
  state=$(kubectl get posturescan cluster -n "$NS" -o jsonpath='{.metadata.generation} {range .status.conditions[?(@.type=="Ready")]}{.status} {.observedGeneration}{end}' 2>/dev/null || true)
  read -r generation status condition_generation <<<"$state"
  if [[ "$status" == True && "$condition_generation" == "$generation" ]]; then ready=1; break; fi
  sleep 0.5
done
if [[ -z "$ready" ]]; then
  kubectl get posturescan cluster -n "$NS" -o yaml >&2 || true
  tail -n 30 "$WORK/run.log" >&2
  fail "PostureScan $NS/cluster is not Ready after ${TIMEOUT}s"
fi
# The chart's probes answer 200 on the health port (one of the two addresses Kestrel logged): /healthz "ok".
probes=$(python3 - "$WORK/run.log" <<'PY'
import json, re, sys, urllib.request
answers = []
for address in sorted(set(re.findall(r"Now listening on: (http://127\.0\.0\.1:\d+)", open(sys.argv[1]).read()))):
    for path in ("/healthz", "/readyz"):
        try:
            answers.append(f"{path} {urllib.request.urlopen(address + path, timeout=5).read().decode()}")  # 200 only
        except Exception:
            pass
print(", ".join(answers))
PY
)
[[ "$probes" == *"/healthz ok"* && "$probes" == *"/readyz "* ]] || fail "the operator's probes did not answer 200: \"$probes\""
summary=$(kubectl get posturescan cluster -n "$NS" -o jsonpath='score {.status.summary.score}, {.status.summary.critical} critical, {.status.summary.high} high, {.status.lastScan.awsCalls} AWS calls')
pass "kubeposture run in the container (read-only root, tmpfs /tmp, host network) brought PostureScan $NS/cluster to Ready: $summary; probes $probes"
kill -TERM "$RUN_PID"
if wait "$RUN_PID"; then code=0; else code=$?; fi
[[ $code -eq 0 ]] || { tail -n 20 "$WORK/run.log" >&2; fail "the operator exited with $code on SIGTERM"; }
pass "the operator stopped cleanly on SIGTERM (exit 0)"

echo "image-test: all $PASSED checks passed"
