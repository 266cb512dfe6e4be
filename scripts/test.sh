#!/usr/bin/env bash
# Build the solution and run every test project; end with one line "N passed, N failed".
set -uo pipefail
config=${1:-Release}
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet build KubePosture.slnx -c "$config" -nologo -v q || { echo "0 passed, 1 failed"; exit 1; }

# Microsoft.Testing.Platform runner (global.json); one project at a time keeps the two cores for the
# emulators the tests start.
dotnet test --solution KubePosture.slnx -c "$config" --no-build --max-parallel-test-modules 1 \
    2>&1 | tee "$log"
status=${PIPESTATUS[0]}

total=$(sed -nE 's/^[[:space:]]*total:[[:space:]]*([0-9]+).*/\1/p' "$log" | tail -1)
failed=$(sed -nE 's/^[[:space:]]*failed:[[:space:]]*([0-9]+).*/\1/p' "$log" | tail -1)
passed=$(sed -nE 's/^[[:space:]]*succeeded:[[:space:]]*([0-9]+).*/\1/p' "$log" | tail -1)
skipped=$(sed -nE 's/^[[:space:]]*skipped:[[:space:]]*([0-9]+).*/\1/p' "$log" | tail -1)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
if (( ${total:-0} == 0 )); then echo "no test ran"; failed=$((failed + 1)); fi
if (( status != 0 && failed == 0 )); then failed=1; fi
if (( skipped > 0 )); then echo "tests were skipped ($skipped): this project never skips"; failed=$((failed + skipped)); fi
echo "$passed passed, $failed failed"
(( failed == 0 && status == 0 ))
