#!/usr/bin/env bash
# make bench: the scale benchmark (operator as a process against emulated clusters) and the BenchmarkDotNet
# micro-benchmarks, then docs/performance.md's generated section and docs/performance-scale.png.
#   BENCH_SIZES=1000,10000,50000 (default)   BENCH_SKIP_MICRO=1 to skip the micro-benchmarks
#   BENCH_SKIP_FLEET=1 to skip the Security Hub fleet run (BENCH_FLEET_CLUSTERS=50, BENCH_FLEET_FINDINGS=2000)
#   BENCH_OPERATOR=<kubeposture.dll> (make bench passes the ReadyToRun publish of `make publish`)
#   helm from `make tools` (KUBEPOSTURE_TOOLS) renders the chart's report CRDs
set -euo pipefail
config=${1:-Release}
cd "$(dirname "$0")/.."
sizes=${BENCH_SIZES:-1000,10000,50000}
results=${BENCH_RESULTS:-artifacts/bench}

dotnet build KubePosture.slnx -c "$config" -nologo -v q
bench="dotnet tests/KubePosture.Benchmarks/bin/$config/net10.0/KubePosture.Benchmarks.dll"
# The operator as it ships (make publish: ReadyToRun); the plain build when run without make.
operator=${BENCH_OPERATOR:-operator/KubePosture.Operator/bin/$config/net10.0/kubeposture.dll}

# The chart's openreports.io CRDs: every size is measured without them (the chart's default) and with them (clusters
# where Policy Reporter or Kyverno installed them: the operator then writes a report object per namespace).
tools=${KUBEPOSTURE_TOOLS:-.tools}
mkdir -p "$results"
"$tools/helm" template kubeposture charts/kubeposture --namespace kubeposture --set reports.installCrds=true \
    --show-only templates/openreports-crds.yaml > "$results/report-crds.yaml"

echo "machine: $(nproc) CPUs, $(free -m | awk '/^Mem:/ {print $2}') MiB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
$bench scale --sizes "$sizes" --operator "$operator" --results "$results" --report-crds "$results/report-crds.yaml"
# Security Hub export at fleet scale: 50 clusters x 2,000 findings to one emulated Security Hub (fleet.json).
if [[ "${BENCH_SKIP_FLEET:-0}" != 1 ]]; then
    $bench fleet --results "$results" --clusters "${BENCH_FLEET_CLUSTERS:-50}" --findings "${BENCH_FLEET_FINDINGS:-2000}"
fi
if [[ "${BENCH_SKIP_MICRO:-0}" != 1 ]]; then
    $bench micro --results "$results"
fi
$bench report --results "$results"
