using KubePosture.Checks.Catalog.Image;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Tests.Support;
using static KubePosture.Checks.Tests.Support.Build;

namespace KubePosture.Checks.Tests.Catalog;

public class NonEcrImageCheckTests
{
    [Fact]
    [Covers("image.non-ecr", Outcome.Pass)]
    public void Private_ecr_in_any_partition_and_allowlisted_registries_pass()
    {
        var workloads = new[]
        {
            Workload(Spec(Container("a", image: PinnedImage))),
            Workload(Spec(Container("b", image: "111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/x:1")), name: "cn"),
            Workload(Spec(Container("c", image: "ghcr.io/acme/tool:v1")), name: "ghcr"),
            Workload(Spec(Container("d", image: "registry.k8s.io/pause:3.9")), name: "k8s"),
        };
        Run.Passes<NonEcrImageCheck>(Cluster(workloads, settings: CheckSettings.Default with { AllowedRegistries = ["ghcr.io/acme", "*.k8s.io"] }));
    }

    [Fact]
    [Covers("image.non-ecr", Outcome.Fail)]
    public void Docker_hub_and_ecr_public_are_reported_and_the_pulled_registry_decides()
    {
        var hub = Run.FailsOnce<NonEcrImageCheck>(Of(Workload(Spec(Container(image: "nginx:1.27")))));
        Assert.Equal("docker.io", hub.Details!["registry"]);
        Assert.Contains("ECR Public", Run.FailsOnce<NonEcrImageCheck>(Of(Workload(Spec(Container(image: "public.ecr.aws/nginx/nginx:1")))) ).Message);
        // The spec names ECR but the runtime pulled from Docker Hub: what runs decides.
        var pulled = Workload(running: [new RunningImage("app", PinnedImage, "docker.io/library/nginx@" + Digest)]);
        Assert.Equal("docker.io", Run.FailsOnce<NonEcrImageCheck>(Of(pulled)).Details!["registry"]);
    }
}
