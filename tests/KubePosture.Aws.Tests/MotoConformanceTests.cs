using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Tests;

/// <summary>
/// The operator's own clients (not boto3) against moto_server, an AWS implementation we did not write: what the
/// launch template, EBS default, KMS and CloudWatch Logs ports parse must agree with what boto3 put there.
/// </summary>
public sealed class MotoConformanceTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private MotoSeededAccount _moto = null!;

    public async ValueTask InitializeAsync() => _moto = await MotoSeededAccount.StartAsync("moto_seed_data_protection.py", Ct);

    public ValueTask DisposeAsync() => _moto.DisposeAsync();

    private IAwsSession Session => _moto.Session;

    private string Id(string name) => _moto.Id(name);

    [Fact]
    public async Task Launch_template_versions_parse_metadata_options_public_ip_and_decoded_user_data()
    {
        var first = await Session.Ec2.DescribeLaunchTemplateVersionAsync(Id("template"), null, "1", Ct);
        Assert.NotNull(first);
        Assert.Equal((1L, "optional", 2, true), (first.VersionNumber, first.MetadataOptions!.HttpTokens, first.MetadataOptions.HttpPutResponseHopLimit, first.AssociatePublicIpAddress));
        Assert.Contains("export API_TOKEN=abc123", first.UserData, StringComparison.Ordinal);
        var byName = await Session.Ec2.DescribeLaunchTemplateVersionAsync(null, "open-nodes", "$Latest", Ct);
        Assert.Equal((2L, "required"), (byName!.VersionNumber, byName.MetadataOptions!.HttpTokens));
        Assert.Null(await Session.Ec2.DescribeLaunchTemplateVersionAsync("lt-0123456789abcdef0", null, "1", Ct));
    }

    [Fact]
    public async Task Ebs_encryption_by_default_and_volumes_are_read()
    {
        Assert.True(await Session.Ec2.GetEbsEncryptionByDefaultAsync(Ct));
        var volume = Assert.Single(await Session.Ec2.DescribeVolumesAsync([Id("volume"), "vol-0123456789abcdef0"], Ct));
        Assert.Equal((Id("volume"), false), (volume.VolumeId, volume.Encrypted));
    }

    [Fact]
    public async Task Kms_keys_parse_state_rotation_and_policy()
    {
        var rotating = await Session.Kms.DescribeKeyAsync(Id("keyArn"), Ct);
        Assert.Equal(("Enabled", true, "CUSTOMER", true), (rotating!.KeyState, rotating.Enabled, rotating.KeyManager, rotating.RotationEnabled));
        Assert.Contains("\"Version\"", rotating.Policy, StringComparison.Ordinal);

        var open = await Session.Kms.DescribeKeyAsync(Id("open"), Ct);
        Assert.False(open!.RotationEnabled);
        Assert.Contains("\"*\"", open.Policy, StringComparison.Ordinal);

        var doomed = await Session.Kms.DescribeKeyAsync(Id("doomed"), Ct);
        Assert.Equal("PendingDeletion", doomed!.KeyState);
        Assert.NotNull(doomed.DeletionDate);
        Assert.Null(doomed.RotationEnabled); // not asked of a key pending deletion

        Assert.Null(await Session.Kms.DescribeKeyAsync("00000000-0000-0000-0000-000000000000", Ct));
    }

    [Fact]
    public async Task Log_groups_are_matched_by_exact_name_with_retention_and_key()
    {
        var control = await Session.Logs.DescribeLogGroupAsync("/aws/eks/demo/cluster", Ct);
        Assert.Equal(("/aws/eks/demo/cluster", 90, (string?)null), (control!.Name, control.RetentionInDays, control.KmsKeyId));
        var web = await Session.Logs.DescribeLogGroupAsync("/ecs/web", Ct);
        Assert.Null(web!.RetentionInDays);
        Assert.Equal(Id("keyArn"), web.KmsKeyId);
        Assert.Null(await Session.Logs.DescribeLogGroupAsync("/ecs/absent", Ct));
    }

    [Fact]
    public async Task Guardduty_detectors_parse_status_and_features()
    {
        var ids = await Session.GuardDuty.ListDetectorsAsync(Ct);
        Assert.Equal([Id("detector")], ids);
        var detector = await Session.GuardDuty.GetDetectorAsync(ids[0], Ct);
        Assert.True(detector.Enabled);
        Assert.True(detector.FeatureEnabled("EKS_AUDIT_LOGS"));
        Assert.False(detector.FeatureEnabled("RUNTIME_MONITORING"));
    }

    [Fact]
    public async Task Inspector_account_status_parses_ecr_scanning()
    {
        var status = await Session.Inspector.GetAccountStatusAsync(Id("account"), Ct);
        Assert.NotNull(status);
        Assert.True(status.EcrEnabled, string.Join(", ", status.ResourceStatus.Select(kv => $"{kv.Key}={kv.Value}")));
    }
}
