namespace KubePosture.Chart.Tests;

public class AwsCredentialTests
{
    [Fact]
    public async Task Irsa_annotates_the_service_account_and_passes_region_and_cluster()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Irsa);
        var annotations = chart.Single("ServiceAccount").Metadata.StringMap("annotations");
        Assert.Equal("arn:aws:iam::123456789012:role/kubeposture-read", annotations["eks.amazonaws.com/role-arn"]);
        Assert.Equal("true", annotations["eks.amazonaws.com/sts-regional-endpoints"]);
        var env = ChartInvariantTests.Container(chart).Maps("env").Where(e => e.Str("value") is not null).ToDictionary(e => e.Str("name")!, e => e.Str("value")!);
        Assert.Equal("eu-west-1", env["AWS_REGION"]);
        var scanAws = chart.Single("PostureScan").Spec.Map("aws");
        Assert.Equal(("true", "eu-west-1", "prod"), (scanAws.Str("enabled"), scanAws.Str("region"), scanAws.Str("clusterName")));
        Assert.Empty(chart.OfKind("PodIdentityAssociation"));
    }

    [Fact]
    public async Task Pod_identity_needs_no_annotation_reaches_the_agent_and_can_create_the_association()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.PodIdentity);
        Assert.Empty(chart.Single("ServiceAccount").Metadata.StringMap("annotations"));
        var association = chart.Single("PodIdentityAssociation");
        Assert.Equal("eks.services.k8s.aws/v1alpha1", association.ApiVersion);
        Assert.Equal(
            ("prod", RenderedChart.Namespace, chart.Single("ServiceAccount").Name, "arn:aws:iam::123456789012:role/kubeposture-read"),
            (association.Spec.Str("clusterName"), association.Spec.Str("namespace"), association.Spec.Str("serviceAccount"), association.Spec.Str("roleARN")));
        var agentRule = Assert.Single(chart.Single("NetworkPolicy").Spec.Maps("egress"), r => r.Get("to") is not null);
        Assert.Equal("169.254.170.23/32", Assert.Single(agentRule.Maps("to")).Map("ipBlock").Str("cidr"));

        var defaults = await Scenarios.RenderAsync(Scenarios.Defaults);
        Assert.DoesNotContain(defaults.Single("NetworkPolicy").Spec.Maps("egress"), r => r.Get("to") is not null);
    }

    [Theory]
    [InlineData("aws.irsa.roleArn=arn:aws:iam::123456789012:role/x,aws.podIdentity.enabled=true", "choose one way")]
    [InlineData("aws.podIdentity.createAssociation=true", "needs aws.podIdentity.enabled=true")]
    [InlineData("aws.podIdentity.enabled=true,aws.podIdentity.createAssociation=true,aws.clusterName=prod", "needs aws.podIdentity.roleArn")]
    [InlineData("aws.irsa.roleArn=arn:aws:iam::1:role/x", "/aws/irsa/roleArn")]
    [InlineData("aws.region=Ireland", "/aws/region")]
    public async Task Contradictory_or_malformed_aws_values_fail_naming_the_value(string set, string expected)
    {
        var result = await RenderedChart.TryRenderAsync([], [set], TestContext.Current.CancellationToken);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Stderr, StringComparison.Ordinal);
    }
}
