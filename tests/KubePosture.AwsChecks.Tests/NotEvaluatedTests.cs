using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.AwsChecks.Tests;

/// <summary>A check whose AWS data is missing is reported not evaluated, never passed.</summary>
public class NotEvaluatedTests
{
    /// <summary>A probe check that reads ECR scan findings and reports one finding per running image.</summary>
    private sealed class ScanProbe : ICheck
    {
        public CheckDescriptor Descriptor { get; } = new("ecr.probe", "probe", CheckCategory.Ecr, Severity.High, "probe", "probe", ["probe"],
            [InventorySource.AwsEcr, "ecr:DescribeImageScanFindings"], ClusterScoped: true, RequiresAws: true);

        public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
        {
            foreach (var w in inventory.Workloads)
                yield return new Finding(Descriptor.Id, Severity.High, w.Ref, "probe");
        }
    }

    /// <summary>A probe that finds mid-evaluation that it lacks data.</summary>
    private sealed class Refusing : ICheck
    {
        public CheckDescriptor Descriptor { get; } = new("eks.probe", "probe", CheckCategory.Eks, Severity.High, "probe", "probe", ["probe"],
            [InventorySource.AwsEks], ClusterScoped: true, RequiresAws: true);

        public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
        {
            yield return new Finding(Descriptor.Id, Severity.High, new ResourceRef("v1", "Node", null, "n"), "partial");
            throw new CheckNotEvaluatedException("eks:DescribeCluster returned no cluster named demo");
        }
    }

    private static EngineResult RunProbe(ICheck check, AwsInventory? aws) =>
        CheckEngine.Run([check], Build.Cluster([AwsBuild.RunningWorkload()]).WithAws(aws), CheckSelection.All);

    [Fact]
    public void Runs_when_every_source_is_available()
    {
        var result = RunProbe(new ScanProbe(), AwsBuild.Inventory());
        Assert.Equal(["ecr.probe"], result.ChecksRun);
        Assert.Single(result.Findings);
        Assert.Empty(result.ChecksNotEvaluated);
    }

    [Fact]
    public void A_denied_action_the_check_declares_makes_it_not_evaluated_and_names_the_action()
    {
        var result = RunProbe(new ScanProbe(), AwsBuild.Inventory(unavailable: [AwsBuild.Denied("ecr:DescribeImageScanFindings")]));
        Assert.Empty(result.Findings);
        Assert.Empty(result.ChecksRun);
        Assert.StartsWith("ecr:DescribeImageScanFindings denied: AccessDenied", result.ChecksNotEvaluated["ecr.probe"]);
    }

    [Fact]
    public void A_denied_action_the_check_does_not_read_leaves_it_evaluated()
    {
        var result = RunProbe(new ScanProbe(), AwsBuild.Inventory(unavailable: [AwsBuild.Denied("ecr:GetLifecyclePolicy")]));
        Assert.Equal(["ecr.probe"], result.ChecksRun);
    }

    [Fact]
    public void An_unreachable_service_makes_every_check_reading_it_not_evaluated()
    {
        var result = RunProbe(new ScanProbe(), AwsBuild.Inventory(unavailable: [AwsBuild.Unreachable(InventorySource.AwsEcr)]));
        Assert.Equal("source aws:ecr unavailable: connection refused", result.ChecksNotEvaluated["ecr.probe"]);
        var other = RunProbe(new ScanProbe(), AwsBuild.Inventory(unavailable: [AwsBuild.Unreachable(InventorySource.AwsSsm)]));
        Assert.Equal(["ecr.probe"], other.ChecksRun);
    }

    [Fact]
    public void Without_an_aws_inventory_aws_checks_are_not_evaluated()
    {
        var result = RunProbe(new ScanProbe(), null);
        Assert.StartsWith("AWS inventory not collected", result.ChecksNotEvaluated["ecr.probe"]);
    }

    [Fact]
    public void A_check_that_says_it_lacks_data_is_not_evaluated_and_its_partial_findings_dropped()
    {
        var result = RunProbe(new Refusing(), AwsBuild.Inventory());
        Assert.Empty(result.Findings);
        Assert.Equal("eks:DescribeCluster returned no cluster named demo", result.ChecksNotEvaluated["eks.probe"]);
    }

    [Fact]
    public void Denied_entries_match_their_action_and_unreachable_services_their_source_and_every_action()
    {
        var denied = AwsBuild.Denied("ssm:DescribeInstancePatchStates");
        Assert.False(denied.Matches("aws:ssm"));
        Assert.True(denied.Matches("ssm:DescribeInstancePatchStates"));
        Assert.False(denied.Matches("ssm:GetParameter"));
        var down = AwsBuild.Unreachable("aws:ssm");
        Assert.True(down.Matches("ssm:GetParameter"));
        Assert.True(down.Matches("aws:ssm"));
        Assert.False(down.Matches("ec2:DescribeInstances"));
    }
}
