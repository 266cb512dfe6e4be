using KubePosture.Api;
using KubePosture.Checks.Inventory;

namespace KubePosture.Operator.Tests.Scan;

/// <summary>
/// A setting with a default both in the CRD (KubePosture.Api, for the schema's <c>default</c>) and in the engine's
/// <see cref="CheckSettings.Default"/> (KubePosture.Checks, for the offline scan): the two projects cannot see each
/// other, so the operator, which sees both, keeps them equal here.
/// </summary>
public sealed class SpecDefaultsTests
{
    [Fact]
    public void The_engine_defaults_are_the_CRD_defaults()
    {
        Assert.Equal(AwsSpec.DefaultMinLogRetentionDays, CheckSettings.Default.MinLogRetentionDays);
        Assert.Equal(Duration.Parse(EcrSpec.DefaultMaxScanAge), CheckSettings.Default.MaxEcrScanAge);
    }
}
