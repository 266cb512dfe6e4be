#!/usr/bin/env bash
# make demo: kubeposture end to end with no cluster and no AWS account.
#
#   1. the Kubernetes API emulator, seeded with demo/cluster (a small EKS cluster: risky and clean workloads);
#   2. the AWS emulator with the matching account (tests/KubePosture.AwsEmulator/fixtures/demo-account.yaml);
#   3. the chart's CRDs, ServiceAccount, RBAC and NetworkPolicy applied with the real kubectl as admin;
#   4. the operator (`kubeposture run`) authenticated as its own ServiceAccount, holding only the chart's RBAC,
#      with AWS pointed at the AWS emulator;
#   5. examples/posturescan.yaml applied, with its Security Hub export turned on (the AWS emulator serves Security
#      Hub); wait for Ready; print what a user sees; stop everything.
#
# Usage: scripts/demo.sh [Release|Debug]     (make demo builds first)
# Env:   KUBEPOSTURE_DEMO_TIMEOUT  seconds to wait for Ready (default 180)
#        KUBEPOSTURE_TOOLS         folder with kubectl and helm (default .tools; `make tools` fills it)
#        KUBEPOSTURE_DEMO_KEEP=1   keep the work folder (logs, kubeconfigs) after the run
set -Eeuo pipefail

CONFIG="${1:-Release}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="${KUBEPOSTURE_TOOLS:-$ROOT/.tools}"
TIMEOUT="${KUBEPOSTURE_DEMO_TIMEOUT:-180}"
NS=kubeposture
SCAN=cluster
TFM=net10.0
KUBE_EMULATOR="$ROOT/tests/KubePosture.KubeEmulator/bin/$CONFIG/$TFM/KubePosture.KubeEmulator"
AWS_EMULATOR="$ROOT/tests/KubePosture.AwsEmulator/bin/$CONFIG/$TFM/KubePosture.AwsEmulator"
OPERATOR="$ROOT/operator/KubePosture.Operator/bin/$CONFIG/$TFM/kubeposture"
AWS_FIXTURE="$ROOT/tests/KubePosture.AwsEmulator/fixtures/demo-account.yaml"

if [[ -t 1 ]]; then
  BOLD=$'\e[1m'; DIM=$'\e[2m'; RED=$'\e[31m'; GREEN=$'\e[32m'; CYAN=$'\e[36m'; RESET=$'\e[0m'
else
  BOLD=; DIM=; RED=; GREEN=; CYAN=; RESET=
fi
step() { printf '\n%s==> %s%s\n' "$BOLD$CYAN" "$*" "$RESET"; }
info() { printf '    %s\n' "$*"; }
fail() {
  printf '\n%sdemo failed: %s%s\n' "$BOLD$RED" "$*" "$RESET" >&2
  exit 1
}

# ---- prerequisites ------------------------------------------------------------------------------------------------
for exe in "$KUBE_EMULATOR" "$AWS_EMULATOR" "$OPERATOR"; do
  [[ -x "$exe" ]] || fail "$exe not found; build first: make build (or make demo, which builds)"
done
if [[ ! -x "$TOOLS/kubectl" || ! -x "$TOOLS/helm" ]]; then
  "$ROOT/scripts/tools.sh" "$TOOLS" >/dev/null || fail "kubectl and helm are missing from $TOOLS and scripts/tools.sh could not fetch them"
fi
command -v python3 >/dev/null || fail "python3 is needed (formatting and free ports)"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/kubeposture-demo.XXXXXX")"
PIDS=()
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  # Stop what this script started, newest first, each by its own pid; wait so no process outlives the demo.
  local i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    kill -TERM "${PIDS[i]}" 2>/dev/null || true
  done
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do
    wait "${PIDS[i]}" 2>/dev/null || true
  done
  if [[ "${KUBEPOSTURE_DEMO_KEEP:-0}" == 1 ]]; then
    printf '%swork folder kept: %s%s\n' "$DIM" "$WORK" "$RESET"
  else
    rm -rf "$WORK"
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'printf "\n%sinterrupted%s\n" "$RED" "$RESET" >&2; exit 130' INT
trap 'exit 143' TERM

# wait_for_line FILE REGEX SECONDS PID: prints the first line of FILE matching REGEX; fails when PID exits or time is up.
wait_for_line() {
  local file=$1 regex=$2 seconds=$3 pid=$4 deadline=$((SECONDS + $3)) line
  while ((SECONDS < deadline)); do
    if line=$(grep -m1 -E "$regex" "$file" 2>/dev/null); then
      printf '%s\n' "$line"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$file" >&2; return 1; }
    sleep 0.1
  done
  tail -n 20 "$file" >&2
  return 1
}

ADMIN_KC="$WORK/admin.kubeconfig"
OPERATOR_KC="$WORK/operator.kubeconfig"
kubectl() { "$TOOLS/kubectl" --kubeconfig "$ADMIN_KC" "$@"; }

printf '%skubeposture demo%s %s(work folder %s)%s\n' "$BOLD" "$RESET" "$DIM" "$WORK" "$RESET"

# ---- 1. Kubernetes emulator ---------------------------------------------------------------------------------------
step "Kubernetes API emulator seeded with demo/cluster"
OPERATOR_TOKEN="$(python3 -c 'import secrets; print("kubeposture-demo-" + secrets.token_hex(16))')"
printf '%s,system:serviceaccount:%s:kubeposture,kubeposture-demo-uid,\n' "$OPERATOR_TOKEN" "$NS" >"$WORK/tokens.csv"
"$KUBE_EMULATOR" --seed "$ROOT/demo/cluster" --kubeconfig "$ADMIN_KC" --token-file "$WORK/tokens.csv" \
  --kubernetes-version v1.31.9-eks-5f8bd40 \
  >"$WORK/kube-emulator.log" 2>&1 &
PIDS+=($!)
line=$(wait_for_line "$WORK/kube-emulator.log" '^kube-emulator serving on ' 60 "${PIDS[-1]}") ||
  fail "the Kubernetes emulator did not start (log above: $WORK/kube-emulator.log)"
KUBE_URL=${line#kube-emulator serving on }
KUBE_URL=${KUBE_URL%% *}
info "API server   $KUBE_URL  ($(grep -m1 '^seeded ' "$WORK/kube-emulator.log" | cut -d' ' -f2) objects from demo/cluster)"

# ---- 2. AWS emulator ----------------------------------------------------------------------------------------------
step "AWS emulator with the demo account (111122223333, us-west-2, EKS cluster demo)"
"$AWS_EMULATOR" --fixture "$AWS_FIXTURE" >"$WORK/aws-emulator.log" 2>&1 &
PIDS+=($!)
line=$(wait_for_line "$WORK/aws-emulator.log" '^listening on ' 60 "${PIDS[-1]}") ||
  fail "the AWS emulator did not start (log above: $WORK/aws-emulator.log)"
AWS_URL=${line#listening on }
info "AWS endpoint $AWS_URL"

# ---- 3. chart CRDs and RBAC ---------------------------------------------------------------------------------------
step "Chart CRDs, ServiceAccount and RBAC applied as admin (helm template | kubectl apply)"
kubectl apply -f "$ROOT/charts/kubeposture/crds/" | sed 's/^/    /'
kubectl wait --for condition=Established --timeout=30s -f "$ROOT/charts/kubeposture/crds/" >/dev/null
"$TOOLS/helm" template kubeposture "$ROOT/charts/kubeposture" --namespace "$NS" \
  --set scan.create=false --set aws.region=us-west-2 --set aws.clusterName=demo >"$WORK/chart.yaml"
# Only what the operator's identity and permissions are made of; the Deployment is this process instead.
python3 - "$WORK/chart.yaml" "$WORK/chart-rbac.yaml" <<'PY'
import sys, yaml
keep = {"ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "NetworkPolicy"}
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d and d.get("kind") in keep]
if not any(d["kind"] == "ClusterRole" for d in docs):
    sys.exit("the rendered chart has no ClusterRole; is rbac.create off?")
yaml.safe_dump_all(docs, open(sys.argv[2], "w"), sort_keys=False)
PY
kubectl apply -f "$WORK/chart-rbac.yaml" | sed 's/^/    /'

# The operator's kubeconfig: the emulator's, with the ServiceAccount's token instead of admin's.
cp "$ADMIN_KC" "$OPERATOR_KC"
user=$("$TOOLS/kubectl" --kubeconfig "$OPERATOR_KC" config view -o jsonpath='{.contexts[0].context.user}')
"$TOOLS/kubectl" --kubeconfig "$OPERATOR_KC" config set-credentials "$user" --token="$OPERATOR_TOKEN" >/dev/null
whoami=$("$TOOLS/kubectl" --kubeconfig "$OPERATOR_KC" auth whoami -o jsonpath='{.status.userInfo.username}')
[[ "$whoami" == "system:serviceaccount:$NS:kubeposture" ]] || fail "the operator's kubeconfig authenticates as \"$whoami\""
info "operator identity: $whoami"
if "$TOOLS/kubectl" --kubeconfig "$OPERATOR_KC" auth can-i list secrets -A >/dev/null 2>&1; then
  fail "the chart's RBAC lets the operator list secrets; it must not"
fi
info "chart RBAC: can list pods cluster-wide: $("$TOOLS/kubectl" --kubeconfig "$OPERATOR_KC" auth can-i list pods -A 2>/dev/null || true)," \
  "can list secrets: no"

# ---- 4. the operator ----------------------------------------------------------------------------------------------
step "Operator: kubeposture run, as its ServiceAccount, AWS at the emulator"
# Credentials of the demo account's operator user; every AWS client of the operator is sent to the emulator.
export AWS_ACCESS_KEY_ID=AKIAKUBEPOSTUREDEMO1
export AWS_SECRET_ACCESS_KEY=kubeposture/demo/secret/key/0000000000000
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE
export AWS_REGION=us-west-2 AWS_DEFAULT_REGION=us-west-2 AWS_EC2_METADATA_DISABLED=true
export AWS_ENDPOINT_URL="$AWS_URL"
export Aws__Region=us-west-2
for service in ecr eks ec2 ssm iam ecs sts securityhub kms logs guardduty inspector2 elasticloadbalancing wafv2; do export "Aws__Endpoints__$service=$AWS_URL"; done
export Aws__ClusterName=demo
"$OPERATOR" run --kubeconfig "$OPERATOR_KC" --control-namespace "$NS" \
  --metrics-bind-address 127.0.0.1:0 --health-probe-bind-address 127.0.0.1:0 \
  >"$WORK/operator.log" 2>&1 &
OPERATOR_PID=$!
PIDS+=("$OPERATOR_PID")
# Both endpoints are on OS-chosen ports; Kestrel logs each address. /healthz answers "ok" on the probe port only.
deadline=$((SECONDS + 60))
METRICS_URL= HEALTH_URL=
while ((SECONDS < deadline)) && [[ -z "$METRICS_URL" || -z "$HEALTH_URL" ]]; do
  kill -0 "$OPERATOR_PID" 2>/dev/null || { tail -n 30 "$WORK/operator.log" >&2; fail "the operator exited at start"; }
  for url in $(grep -oE 'Now listening on: http://127\.0\.0\.1:[0-9]+' "$WORK/operator.log" | sed 's/Now listening on: //' | sort -u); do
    if [[ "$(python3 - "$url/healthz" <<'PY'
import sys, urllib.request
try:
    print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode())
except Exception:
    print("")
PY
)" == ok ]]; then HEALTH_URL=$url; else METRICS_URL=$url; fi
  done
  [[ -n "$METRICS_URL" && -n "$HEALTH_URL" ]] || sleep 0.2
done
[[ -n "$METRICS_URL" && -n "$HEALTH_URL" ]] || { tail -n 30 "$WORK/operator.log" >&2; fail "the operator did not report its metrics and probe addresses within 60 s"; }
info "metrics      $METRICS_URL/metrics"
info "probes       $HEALTH_URL/healthz, $HEALTH_URL/readyz"

# ---- 5. a PostureScan ---------------------------------------------------------------------------------------------
step "kubectl apply -f examples/posturescan.yaml, with spec.export.securityHub.enabled: true"
# The example leaves the export off (it needs an optional IAM statement); the demo's account grants it, so the demo
# applies a copy with the export on.
python3 - "$ROOT/examples/posturescan.yaml" "$WORK/posturescan.yaml" <<'PY'
import sys, yaml
scan = yaml.safe_load(open(sys.argv[1]))
scan["spec"].setdefault("export", {}).setdefault("securityHub", {})["enabled"] = True
yaml.safe_dump(scan, open(sys.argv[2], "w"), sort_keys=False)
PY
kubectl apply -f "$WORK/posturescan.yaml" | sed 's/^/    /'

show_state() {
  kubectl get posturescan "$SCAN" -n "$NS" -o json 2>/dev/null | python3 -c '
import json, sys
try:
    s = json.load(sys.stdin)
except ValueError:
    sys.exit(0)
for c in s.get("status", {}).get("conditions", []):
    print("    %-10s %-6s %-22s %s" % (c["type"], c["status"], c.get("reason", ""), c.get("message", "")))
'
}

printf '    waiting up to %ss for Ready ' "$TIMEOUT"
deadline=$((SECONDS + TIMEOUT))
ready=
while ((SECONDS < deadline)); do
  kill -0 "$OPERATOR_PID" 2>/dev/null || { echo; tail -n 30 "$WORK/operator.log" >&2; fail "the operator exited while scanning"; }
  state=$(kubectl get posturescan "$SCAN" -n "$NS" -o jsonpath='{.metadata.generation} {.status.observedGeneration} {range .status.conditions[?(@.type=="Ready")]}{.status} {.reason} {.observedGeneration}{end}' 2>/dev/null || true)
  read -r generation observed status reason condition_generation <<<"$state"
  if [[ "$status" == True && "$condition_generation" == "$generation" ]]; then
    ready=1
    break
  fi
  if [[ "$status" == False && "$condition_generation" == "$generation" && "$reason" =~ ^(InvalidSpec|ScopeRestricted)$ ]]; then
    break # terminal: the spec has to change first
  fi
  printf '.'
  sleep 0.5
done
echo
if [[ -z "$ready" ]]; then
  printf '%sPostureScan %s/%s is not Ready after %ss. Conditions:%s\n' "$RED" "$NS" "$SCAN" "$TIMEOUT" "$RESET" >&2
  show_state >&2
  printf '%soperator log (last 25 lines):%s\n' "$DIM" "$RESET" >&2
  tail -n 25 "$WORK/operator.log" | sed 's/^/    /' >&2
  fail "PostureScan $NS/$SCAN did not become Ready"
fi

# ---- 6. what a user sees ------------------------------------------------------------------------------------------
step "kubectl get posturescans -A"
kubectl get posturescans -A | sed 's/^/    /'

step "Conditions"
show_state

step "Top findings (status.topFindings, worst first)"
kubectl get posturescan "$SCAN" -n "$NS" -o json | python3 -c '
import json, sys
status = json.load(sys.stdin)["status"]
s, last = status.get("summary", {}), status.get("lastScan", {})
print("    score %s/100: %s critical, %s high, %s medium, %s low; %s checks failed, %s passed, %s not evaluated" % (
    s.get("score"), s.get("critical", 0), s.get("high", 0), s.get("medium", 0), s.get("low", 0),
    s.get("failedChecks", 0), s.get("passedChecks", 0), s.get("notEvaluatedChecks", 0)))
print("    last scan: %s objects, %s checks, %s AWS calls, %.2f s" % (
    last.get("objectsEvaluated"), last.get("checksRun"), last.get("awsCalls", 0), last.get("durationSeconds") or 0))
print()
rows = []
for f in status.get("topFindings", [])[:16]:
    r = f["resource"]
    ref = "/".join(x for x in (r.get("kind"), r.get("namespace"), r.get("name")) if x)
    rows.append((f["severity"], f["checkId"], ref, f.get("message", "")))
if rows:
    w = [max(len(r[i]) for r in rows) for i in range(3)]
    print("    %-*s  %-*s  %-*s  %s" % (w[0], "SEVERITY", w[1], "CHECK", w[2], "RESOURCE", "MESSAGE"))
    for r in rows:
        msg = r[3] if len(r[3]) <= 90 else r[3][:89] + "…"
        print("    %-*s  %-*s  %-*s  %s" % (w[0], r[0], w[1], r[1], w[2], r[2], msg))
'

step "Security Hub export (status.export.securityHub; the AWS emulator serves Security Hub)"
kubectl get posturescan "$SCAN" -n "$NS" -o json | python3 -c '
import json, sys
e = json.load(sys.stdin)["status"].get("export", {}).get("securityHub")
if not e:
    sys.exit("no status.export.securityHub: the export did not run")
print("    Security Hub export: %s findings active, %s new, %s updated, %s archived, %s unchanged, %s failed, in %s calls%s" % (
    e.get("activeFindings", 0), e.get("new", 0), e.get("updated", 0), e.get("archived", 0), e.get("unchanged", 0), e.get("failed", 0),
    e.get("calls", 0), ("; " + e["message"]) if e.get("message") else ""))
'

step "Compliance (status.compliance: controls per result on the AWS shared responsibility model)"
kubectl get posturescan "$SCAN" -n "$NS" -o json | python3 -c '
import json, sys
status = json.load(sys.stdin)["status"]
frameworks = status.get("compliance") or []
for f in frameworks:
    print("    " + f.get("headline", f["id"]))
    failing = f.get("failingControls") or []
    if failing:
        print("      failing: " + ", ".join(failing))
if not any(f["id"] == "cis-eks" for f in frameworks):
    sys.exit("no cis-eks entry in status.compliance")
'

step "Metrics ($METRICS_URL/metrics, a few lines)"
python3 - "$METRICS_URL/metrics" <<'PY'
import sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=10).read().decode()
lines = [l for l in text.splitlines() if l and not l.startswith("#")]
wanted = ["kubeposture_scan_runs_total", "kubeposture_scan_duration_seconds_count", "kubeposture_scan_last_success_timestamp_seconds",
          "kubeposture_leader", "kubeposture_workqueue_depth"]
shown = [l for w in wanted for l in lines if l.startswith(w)][:6]
findings = sorted((l for l in lines if l.startswith("kubeposture_findings{") and 'severity="Critical"' in l))[:5] \
    or sorted(l for l in lines if l.startswith("kubeposture_findings{"))[:5]
for l in shown + findings:
    print("    " + l)
if not any(l.startswith("kubeposture_findings{") for l in lines):
    sys.exit("no kubeposture_findings series on /metrics")
PY

step "AWS coverage the customer owns (findings per family, from /metrics)"
python3 - "$METRICS_URL/metrics" <<'PY'
import re, sys, urllib.request
text = urllib.request.urlopen(sys.argv[1], timeout=10).read().decode()
counts = {}
for line in text.splitlines():
    m = re.match(r'kubeposture_findings\{.*check="([^"]+)".*\} (\S+)$', line)
    if m:
        counts[m.group(1)] = counts.get(m.group(1), 0) + float(m.group(2))
families = [
    ("launch templates", "node.template-"), ("deletion protection", "eks.deletion-protection"), ("KMS keys", "kms."),
    ("CloudWatch Logs", "logs."), ("storage encryption", "storage."), ("GuardDuty and Inspector", "detection."),
    ("threat x posture", "linked.threat-on-risky-workload"), ("public ECS admin task", "linked.ecs-public-admin-task"),
    ("NetworkPolicy enforcement", "eks.cni-network-policy-off"),
    ("load balancers (ELBv2)", "elb."), ("exposed vulnerable image", "linked.exposed-vulnerable-image"),
]
missing = []
for name, prefix in families:
    checks = sorted(c for c in counts if c.startswith(prefix) and counts[c] > 0)
    print("    %-26s %s" % (name, ", ".join("%s %d" % (c, counts[c]) for c in checks) or "none"))
    if not checks:
        missing.append(name)
if missing:
    sys.exit("no findings for: " + ", ".join(missing))
PY

step "Stopping the operator and the emulators"
kill -TERM "$OPERATOR_PID" 2>/dev/null || true
if wait "$OPERATOR_PID"; then info "operator stopped cleanly (exit 0)"; else info "operator exit code $?"; fi
printf '\n%sdemo complete%s: PostureScan %s/%s Ready=True with findings.\n' "$BOLD$GREEN" "$RESET" "$NS" "$SCAN"
