using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Tests;

/// <summary>aws, aws-cn and aws-us-gov: ARNs, endpoints, IAM signing regions, region discovery from providerIDs.</summary>
public sealed class PartitionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("arn:aws:iam::111122223333:role/demo-app-irsa", "aws", "iam", "", "111122223333", "role", "demo-app-irsa")]
    [InlineData("arn:aws-cn:iam::111122223333:role/team/app", "aws-cn", "iam", "", "111122223333", "role", "app")]
    [InlineData("arn:aws-us-gov:ecr:us-gov-west-1:111122223333:repository/team-a/api", "aws-us-gov", "ecr", "us-gov-west-1", "111122223333", "repository", "api")]
    [InlineData("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", "aws", "eks", "", "aws", "cluster-access-policy", "AmazonEKSClusterAdminPolicy")]
    [InlineData("arn:aws:ssm:us-west-2::parameter/aws/service/eks/optimized-ami/1.31/x", "aws", "ssm", "us-west-2", "", "parameter", "x")]
    public void Arns_parse_into_their_parts(string text, string partition, string service, string region, string account, string type, string name)
    {
        var arn = AwsArn.Parse(text, "roleArn");

        Assert.Equal((partition, service, region, account, type, name), (arn.Partition, arn.Service, arn.Region, arn.AccountId, arn.ResourceType, arn.ResourceName));
        Assert.Equal(text, arn.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("arn:aws:iam::111122223333")]
    [InlineData("arn:aws-mars:iam::111122223333:role/x")]
    [InlineData("urn:aws:iam::111122223333:role/x")]
    public void Malformed_arns_are_rejected_with_the_field_and_expected_shape(string text)
    {
        Assert.False(AwsArn.TryParse(text, out _));
        var error = Assert.Throws<FormatException>(() => AwsArn.Parse(text, "spec.aws.roleArn"));
        Assert.StartsWith($"spec.aws.roleArn \"{text}\": not an ARN", error.Message);
    }

    [Theory]
    [InlineData("us-west-2", "aws", "https://api.ecr.us-west-2.amazonaws.com/", "https://iam.amazonaws.com/", "us-east-1")]
    [InlineData("cn-north-1", "aws-cn", "https://api.ecr.cn-north-1.amazonaws.com.cn/", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("cn-northwest-1", "aws-cn", "https://api.ecr.cn-northwest-1.amazonaws.com.cn/", "https://iam.cn-north-1.amazonaws.com.cn/", "cn-north-1")]
    [InlineData("us-gov-east-1", "aws-us-gov", "https://api.ecr.us-gov-east-1.amazonaws.com/", "https://iam.us-gov.amazonaws.com/", "us-gov-west-1")]
    public void Partitions_decide_endpoints_and_the_iam_signing_region(string region, string partition, string ecr, string iam, string iamRegion)
    {
        Assert.Equal(partition, AwsPartitions.ForRegion(region));
        Assert.Equal(ecr, AwsPartitions.Endpoint("ecr", region).ToString());
        Assert.Equal(iam, AwsPartitions.Endpoint("iam", region).ToString());
        Assert.Equal(iamRegion, AwsPartitions.IamSigningRegion(partition));
    }

    [Theory]
    [InlineData("aws:///us-west-2a/i-0a1b2c3d4e5f60001", "us-west-2")]
    [InlineData("aws:///us-west-2-lax-1a/i-0a1b2c3d4e5f60001", "us-west-2")]
    [InlineData("aws:///us-gov-west-1b/i-0a1b2c3d4e5f60001", "us-gov-west-1")]
    [InlineData("aws:///cn-north-1a/i-0a1b2c3d4e5f60001", "cn-north-1")]
    [InlineData("kind://docker/kind/kind-control-plane", null)]
    [InlineData(null, null)]
    public void The_region_is_discovered_from_node_provider_ids(string? providerId, string? region) =>
        Assert.Equal(region, AwsPartitions.RegionFromProviderId(providerId));

    [Fact]
    public async Task A_china_account_signs_iam_in_cn_north_1_and_returns_aws_cn_arns()
    {
        const string fixture = """
            account: "111122223333"
            region: cn-northwest-1
            credentials:
              - {accessKeyId: AKIACHINADEMO0000001, secretAccessKey: secret, arn: "arn:aws-cn:iam::111122223333:user/op"}
            iam:
              roles:
                - roleName: node
                  assumeRolePolicyDocument: {Version: "2012-10-17", Statement: []}
            ecr:
              repositories:
                - repositoryName: app
            """;
        await using var aws = await AwsTestContext.StartAsync(fixture);

        var role = await aws.Session.Iam.GetRoleAsync("node", Ct);
        var repo = (await aws.Session.Ecr.DescribeRepositoriesAsync(null, Ct)).Single();

        Assert.Equal("aws-cn", aws.Session.Partition);
        Assert.Equal("arn:aws-cn:iam::111122223333:role/node", role!.Arn);
        Assert.Equal("arn:aws-cn:ecr:cn-northwest-1:111122223333:repository/app", repo.Arn);
        Assert.EndsWith(".amazonaws.com.cn/app", repo.Uri);
        Assert.Equal("cn-north-1", aws.Server.Requests.Entries.Single(e => e.Service == "iam").ScopeRegion);
    }

    [Fact]
    public void Session_requests_are_validated_with_field_and_fix()
    {
        using var factory = new AwsSessionFactory(new AwsOptions(), new Telemetry.AwsMetrics(new TestMeterFactory()), TimeProvider.System, null, null, new Amazon.Runtime.BasicAWSCredentials("a", "b"));

        var noRegion = Assert.Throws<ArgumentException>(() => factory.GetSession(new AwsSessionRequest("")));
        Assert.StartsWith("region \"\": no AWS region", noRegion.Message);
        var badRole = Assert.Throws<ArgumentException>(() => factory.GetSession(new AwsSessionRequest("us-west-2", "arn:aws:iam::111122223333:user/alice")));
        Assert.StartsWith("roleArn \"arn:aws:iam::111122223333:user/alice\": not an IAM role ARN", badRole.Message);
        var badEndpoint = Assert.Throws<ArgumentException>(() => factory.GetSession(new AwsSessionRequest("us-west-2", null, new Dictionary<string, string> { ["ecr"] = "not a url" })));
        Assert.StartsWith("endpoints.ecr \"not a url\": not an absolute http(s) URL", badEndpoint.Message);
    }
}
