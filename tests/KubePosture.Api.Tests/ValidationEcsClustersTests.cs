using KubePosture.Api;

namespace KubePosture.Api.Tests;

/// <summary>spec.aws.ecsClusters: names or ARNs, each bad item named with its index.</summary>
public class ValidationEcsClustersTests
{
    [Fact]
    public void Bad_ecs_cluster_items_are_errors_naming_the_index_and_good_ones_pass()
    {
        var spec = new PostureScanSpec
        {
            Aws = new AwsSpec { Enabled = true, EcsClusters = ["web", "arn:aws:ecs:us-west-2:111122223333:cluster/internal", "bad name", "arn:aws:ecs:us-west-2:1:cluster/x"] },
        };

        var errors = PostureScanValidator.Validate(spec, ["pod.privileged"], [], DateTimeOffset.UnixEpoch).Errors();

        Assert.Equal(["spec.aws.ecsClusters[2]", "spec.aws.ecsClusters[3]"], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.Contains("not an ECS cluster name or ARN", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Ecs_clusters_without_aws_enabled_is_a_warning()
    {
        var result = PostureScanValidator.Validate(new PostureScanSpec { Aws = new AwsSpec { EcsClusters = ["web"] } }, ["pod.privileged"], [], DateTimeOffset.UnixEpoch);
        Assert.Empty(result.Errors());
        Assert.Contains(result.Warnings(), i => i.Field == "spec.aws.enabled");
    }
}
