using KubePosture.Checks.Semantics;

namespace KubePosture.AwsChecks.Tests.Semantics;

public class ImageLocationTests
{
    private const string D = "sha256:1f3b4c2d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b";
    private const string E = "sha256:2a2b2c2d2e2f202122232425262728292a2b2c2d2e2f20212223242526272829";

    [Theory]
    [InlineData("111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api:1.0", "us-west-2", "aws", false)]
    [InlineData("111122223333.dkr.ecr-fips.us-east-1.amazonaws.com/demo/api:1.0", "us-east-1", "aws", true)]
    [InlineData("111122223333.dkr.ecr.cn-north-1.amazonaws.com.cn/demo/api:1.0", "cn-north-1", "aws-cn", false)]
    [InlineData("111122223333.dkr.ecr.us-gov-west-1.amazonaws.com/demo/api:1.0", "us-gov-west-1", "aws-us-gov", false)]
    [InlineData("111122223333.dkr.ecr-fips.us-gov-east-1.amazonaws.com/demo/api:1.0", "us-gov-east-1", "aws-us-gov", true)]
    [InlineData("111122223333.dkr-ecr.eu-west-1.on.aws/demo/api:1.0", "eu-west-1", "aws", false)]
    public void Private_ecr_host_forms_give_account_region_partition_and_repository(string image, string region, string partition, bool fips)
    {
        var l = ImageLocation.Parse(image + "@" + D);
        Assert.Equal(RegistryKind.PrivateEcr, l.Kind);
        Assert.Equal("111122223333", l.AccountId);
        Assert.Equal(region, l.Region);
        Assert.Equal(partition, l.Partition);
        Assert.Equal(fips, l.Fips);
        Assert.Equal("demo/api", l.Repository);
        Assert.Equal(new KubePosture.Checks.Aws.EcrImageKey("111122223333", "demo/api", D), l.EcrKey);
    }

    [Fact]
    public void The_running_digest_from_imageID_decides_not_the_tag_or_spec_digest()
    {
        var l = ImageLocation.Parse($"111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api:1.0@{D}", $"111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api@{E}");
        Assert.Equal(E, l.Digest);
        Assert.Equal("1.0", l.Tag);
        var pullable = ImageLocation.Parse("111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api:1.0", $"docker-pullable://111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api@{E}");
        Assert.Equal(E, pullable.Digest);
    }

    [Fact]
    public void A_tag_only_reference_without_a_repository_digest_has_no_ecr_key()
    {
        var l = ImageLocation.Parse("111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api:1.0", D); // bare local image id, not a repo digest
        Assert.Null(l.Digest);
        Assert.Null(l.EcrKey);
    }

    [Fact]
    public void Pull_through_cache_repositories_are_ecr_with_their_upstream()
    {
        var l = ImageLocation.Parse($"111122223333.dkr.ecr.us-west-2.amazonaws.com/docker-hub/library/nginx:1.27@{D}");
        Assert.Equal(RegistryKind.PrivateEcr, l.Kind);
        Assert.Equal("docker-hub/library/nginx", l.Repository);
        Assert.Equal("registry-1.docker.io", l.PullThroughUpstream);
        Assert.Null(ImageLocation.Parse($"111122223333.dkr.ecr.us-west-2.amazonaws.com/demo/api@{D}").PullThroughUpstream);
    }

    [Theory]
    [InlineData("nginx:1.27", "docker.io", RegistryKind.Other)]
    [InlineData("ghcr.io/acme/tool:v1", "ghcr.io", RegistryKind.Other)]
    [InlineData("public.ecr.aws/eks-distro/kubernetes/pause:3.9", "public.ecr.aws", RegistryKind.EcrPublic)]
    [InlineData("111122223333.dkr.ecr.us-west-2.amazonaws.com.evil.io/x:1", "111122223333.dkr.ecr.us-west-2.amazonaws.com.evil.io", RegistryKind.Other)]
    [InlineData("111122223333.dkr.ecr.cn-north-1.amazonaws.com/x:1", "111122223333.dkr.ecr.cn-north-1.amazonaws.com", RegistryKind.Other)]
    public void Other_registries_are_recognised_and_look_alikes_are_not_ecr(string image, string registry, RegistryKind kind)
    {
        var l = ImageLocation.Parse(image);
        Assert.Equal(kind, l.Kind);
        Assert.Equal(registry, l.Registry);
        Assert.Null(l.EcrKey);
    }

    [Theory]
    [InlineData("1.31.7-20250505", "1.31.7-20250601", true)]
    [InlineData("1.31.7-20250601", "1.31.7-20250601", false)]
    [InlineData("1.31.5-20250701", "1.31.7-20250601", true)]
    [InlineData("1.31.7-20250701", "1.31.7-20250601", false)]
    [InlineData("1.39.1-23a2f5bb", "1.40.0-aaaa", true)]
    [InlineData("1.40.0-bbbb", "1.40.0-aaaa", true)]
    public void Ami_release_versions_compare_by_version_then_date(string release, string recommended, bool behind) =>
        Assert.Equal(behind, AmiReleases.IsBehind(release, recommended));

    [Theory]
    [InlineData("AL2023_x86_64_STANDARD", "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version")]
    [InlineData("AL2_ARM_64", "/aws/service/eks/optimized-ami/1.31/amazon-linux-2-arm64/recommended/release_version")]
    [InlineData("BOTTLEROCKET_x86_64", "/aws/service/bottlerocket/aws-k8s-1.31/x86_64/latest/image_version")]
    [InlineData("CUSTOM", null)]
    public void Recommended_release_parameter_per_ami_type(string amiType, string? parameter) =>
        Assert.Equal(parameter, AmiReleases.ParameterName(amiType, "1.31"));
}
