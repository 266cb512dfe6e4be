using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;

namespace KubePosture.Checks.Tests.Inventory;

public sealed class SourceProblemTests
{
    [Fact]
    public void The_kind_decides_and_the_text_keeps_its_familiar_prefix()
    {
        Assert.Equal("forbidden: no list of pods", SourceProblem.Forbidden("no list of pods").ToString());
        Assert.Equal("not served: the API server has no ingresses", SourceProblem.NotServed("the API server has no ingresses").ToString());
        Assert.Equal("connection refused", SourceProblem.Unreachable("connection refused").ToString());
        Assert.True(SourceProblem.Unreachable("x").Degrades);
        Assert.False(SourceProblem.OutOfTenantScope.Degrades);
    }

    [Fact]
    public void A_message_that_reads_like_another_kind_is_still_its_own_kind()
    {
        // Read back with StartsWith("forbidden"), this Events failure made Degraded say SourceForbidden.
        var problem = SourceProblem.Unreachable("forbidden words in a message do not make it a permission problem");

        Assert.Equal(SourceProblemKind.Unreachable, problem.Kind);
        Assert.NotEqual(SourceProblem.OutOfTenantScope, SourceProblem.Unreachable(SourceProblem.OutOfTenantScope.Message));
    }

    [Fact]
    public void An_aws_entry_is_forbidden_when_denied_and_unreachable_otherwise()
    {
        var denied = new AwsUnavailable("aws:ec2", "ec2:DescribeFlowLogs", "UnauthorizedOperation", Denied: true);
        var down = new AwsUnavailable("aws:ssm", AwsUnavailable.AllActions, "connection refused", Denied: false);

        Assert.Equal(("ec2:DescribeFlowLogs", SourceProblemKind.Forbidden), (denied.Key, denied.Problem.Kind));
        Assert.Equal("ec2:DescribeFlowLogs: forbidden: UnauthorizedOperation", $"{denied.Key}: {denied.Problem}");
        Assert.Equal(("aws:ssm", SourceProblemKind.Unreachable), (down.Key, down.Problem.Kind));
    }
}
