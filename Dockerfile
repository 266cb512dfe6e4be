# syntax=docker/dockerfile:1
# The release build of the kubeposture operator image (docs/install.md, "Container image"):
#
#   docker buildx build --platform linux/amd64,linux/arm64 \
#     --build-arg VERSION=0.1.0 --build-arg REVISION=$(git rev-parse HEAD) -t <registry>/kubeposture:0.1.0 --push .
#
# The same operator as `make image` (the reproducible local build, no daemon): framework-dependent, ReadyToRun
# compiled, on Microsoft's chiseled ASP.NET Core runtime image (no shell, no package manager; no ICU or tzdata,
# which the operator does not use: it runs with InvariantGlobalization and computes schedules in UTC), run as
# 65532:65532 with /app/kubeposture as the entrypoint.

ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled

# The SDK runs on the build machine's platform; ReadyToRun cross-compiles for the target's.
FROM --platform=$BUILDPLATFORM ${SDK_IMAGE} AS build
ARG TARGETARCH
WORKDIR /src
# .editorconfig holds the analyzer severities the build treats as errors (TreatWarningsAsErrors).
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY operator/ operator/
RUN dotnet restore operator/KubePosture.Operator -a "$TARGETARCH" -p:PublishReadyToRun=true
RUN dotnet publish operator/KubePosture.Operator -c Release -a "$TARGETARCH" --self-contained false \
      -p:PublishReadyToRun=true --no-restore -o /out -nologo

FROM ${RUNTIME_IMAGE}
ARG VERSION=0.1.0
ARG REVISION=unknown
LABEL org.opencontainers.image.title="kubeposture" \
      org.opencontainers.image.description="Posture operator for Amazon EKS" \
      org.opencontainers.image.source="https://github.com/kubeposture/kubeposture" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.licenses="NOASSERTION"
ENV DOTNET_ROOT=/usr/share/dotnet
# COPY before WORKDIR: the base image's user is app (1654), and a WORKDIR that creates /app would give it to that
# user; COPY creates /app as root's, read-only to the operator.
COPY --from=build /out/ /app/
WORKDIR /app
USER 65532:65532
EXPOSE 8080 8081
ENTRYPOINT ["/app/kubeposture"]
