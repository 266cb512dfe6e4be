using System.Text.Json.Nodes;
using KubePosture.AwsChecks.Tests.Support;
using KubePosture.Checks.Catalog.Eks;
using KubePosture.Checks.Catalog.Kms;
using KubePosture.Checks.Catalog.Linked;
using KubePosture.Checks.Catalog.Node;
using KubePosture.Checks.Catalog.Storage;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Tests.Support;
using LogsNoKms = KubePosture.Checks.Catalog.Logs.NoKmsCheck;
using LogsRetention = KubePosture.Checks.Catalog.Logs.RetentionShortCheck;

namespace KubePosture.AwsChecks.Tests;

/// <summary>
/// Launch templates, deletion protection, KMS keys, log groups, EBS defaults and ECS task roles, read by the operator's
/// collector from the AWS emulator's demo account: each check fails as the demo has it and passes once the account is
/// fixed in the fixture.
/// </summary>
public sealed class EmulatorDataProtectionTests : IAsyncLifetime
{
    private const string WorkerDigest = "sha256:3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    /// <summary>The payments ledger runs demo/worker (whose repository has a KMS key); ECS clusters are all read.</summary>
    private static ClusterInventory Cluster(CheckSettings? settings = null) =>
        Build.Cluster([AwsBuild.RunningWorkload("ledger", "payments", AwsBuild.Running("demo/worker", WorkerDigest, "2026.01.3"))], settings: settings);

    private Task<ClusterInventory> ReadAsync(CheckSettings? settings = null) => _aws.ReadAsync(Cluster(settings), Ct);

    private JsonObject Demo => _aws.Objects("eks", "clusters").Single(c => c["name"]!.GetValue<string>() == "demo");

    private JsonObject Nodegroup(string name) => Demo["nodegroups"]!.AsArray().OfType<JsonObject>().Single(g => g["nodegroupName"]!.GetValue<string>() == name);

    private JsonObject Key(string prefix) => _aws.Objects("kms", "keys").Single(k => k["keyId"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal));

    private JsonObject LogGroup(string name) => _aws.Objects("logs", "logGroups").Single(g => g["logGroupName"]!.GetValue<string>() == name);

    [Fact, Covers("node.template-imdsv2-optional", Outcome.Fail), Covers("node.template-imdsv2-optional", Outcome.Pass),
     Covers("node.template-hop-limit", Outcome.Fail), Covers("node.template-hop-limit", Outcome.Pass),
     Covers("node.template-public-ip", Outcome.Fail), Covers("node.template-public-ip", Outcome.Pass),
     Covers("node.template-user-data-secrets", Outcome.Fail), Covers("node.template-user-data-secrets", Outcome.Pass)]
    public async Task The_general_node_groups_launch_template_fails_until_the_node_group_moves_to_the_hardened_version()
    {
        // general uses lt-0a1b2c3d4e5f60001 version 3; batch uses demo-batch (by name), which is hardened.
        var as_is = await ReadAsync();
        Assert.Equal(["batch", "general"], as_is.Aws!.LaunchTemplates.Select(t => t.NodegroupName).Order());
        var imds = Run.FailsOnce<TemplateImdsv2OptionalCheck>(as_is);
        Assert.Equal(new ResourceRef("ec2.amazonaws.com", "LaunchTemplate", null, "lt-0a1b2c3d4e5f60001"), imds.Resource);
        Assert.Equal("general", imds.Details!["nodegroup"]);
        Assert.Equal("3", imds.Details!["version"]);
        Assert.Contains("HttpTokens optional", imds.Message, StringComparison.Ordinal);
        Assert.Equal("2", Run.FailsOnce<TemplateHopLimitCheck>(as_is).Details!["hopLimit"]);
        Run.FailsOnce<TemplatePublicIpCheck>(as_is);
        var secrets = Run.FailsOnce<TemplateUserDataSecretsCheck>(as_is);
        Assert.Contains("line 2: DB_PASSWORD", secrets.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", secrets.Message + string.Join(" ", secrets.Details!.Values), StringComparison.Ordinal);

        Nodegroup("general")["launchTemplate"]!["version"] = "2";
        var hardened = await ReadAsync();
        Run.Passes<TemplateImdsv2OptionalCheck>(hardened);
        Run.Passes<TemplateHopLimitCheck>(hardened);
        Run.Passes<TemplatePublicIpCheck>(hardened);
        Run.Passes<TemplateUserDataSecretsCheck>(hardened);
    }

    [Fact]
    public async Task A_launch_template_that_leaves_HttpTokens_unset_is_judged_by_its_node_groups_ami_type_default()
    {
        // AL2023 and Bottlerocket require IMDSv2 unless told otherwise; AL2 allows IMDSv1.
        var general = _aws.Objects("ec2", "launchTemplates").Single(t => t["launchTemplateId"]!.GetValue<string>() == "lt-0a1b2c3d4e5f60001");
        var version3 = general["versions"]!.AsArray().OfType<JsonObject>().Single(v => v["versionNumber"]!.ToJsonString() == "3");
        version3["launchTemplateData"]!["metadataOptions"]!.AsObject().Remove("httpTokens");
        Run.Passes<TemplateImdsv2OptionalCheck>(await ReadAsync());

        Nodegroup("general")["amiType"] = "AL2_x86_64";
        var f = Run.FailsOnce<TemplateImdsv2OptionalCheck>(await ReadAsync());
        Assert.Contains("does not set HttpTokens and the node group's AMI type AL2_x86_64 allows IMDSv1 by default", f.Message, StringComparison.Ordinal);
        Assert.Equal("AL2_x86_64", f.Details!["amiType"]);
    }

    [Fact]
    public async Task A_launch_template_that_does_not_exist_is_read_as_missing_and_judged_by_nothing()
    {
        Nodegroup("general")["launchTemplate"] = new JsonObject { ["id"] = "lt-0deadbeef0000000", ["version"] = "1" };
        var aws = (await ReadAsync()).Aws!;
        Assert.Null(aws.LaunchTemplates.Single(t => t.NodegroupName == "general").Version);
        Run.Passes<TemplateImdsv2OptionalCheck>(await ReadAsync());
    }

    [Fact, Covers("eks.deletion-protection-off", Outcome.Fail), Covers("eks.deletion-protection-off", Outcome.Pass)]
    public async Task Deletion_protection_off_fails_on_passes_and_unreported_is_not_evaluated()
    {
        Assert.Contains("deletion protection off", Run.FailsOnce<DeletionProtectionOffCheck>(await ReadAsync()).Message, StringComparison.Ordinal);
        Demo["deletionProtection"] = true;
        Run.Passes<DeletionProtectionOffCheck>(await ReadAsync());
        Demo.Remove("deletionProtection");
        Assert.Contains("did not report deletionProtection", Run.NotEvaluated<DeletionProtectionOffCheck>(await ReadAsync()), StringComparison.Ordinal);
    }

    [Fact, Covers("kms.rotation-off", Outcome.Fail), Covers("kms.rotation-off", Outcome.Pass),
     Covers("kms.key-unusable", Outcome.Fail), Covers("kms.key-unusable", Outcome.Pass),
     Covers("kms.policy-open", Outcome.Fail), Covers("kms.policy-open", Outcome.Pass)]
    public async Task Keys_of_the_registries_and_log_groups_fail_until_they_rotate_are_enabled_and_their_policies_are_closed()
    {
        var as_is = await ReadAsync();
        var keys = as_is.Aws!.KmsKeys;
        Assert.Equal(3, keys.Count);
        Assert.Contains(keys, k => k.Uses.Contains("ECR repository demo/worker"));
        Assert.Contains(keys, k => k.Uses.Contains("log group /ecs/web"));

        var rotation = Run.FailsOnce<RotationOffCheck>(as_is);
        Assert.EndsWith("key/1234abcd-12ab-34cd-56ef-1234567890ab", rotation.Resource.Name, StringComparison.Ordinal);
        Assert.Contains("ECR repository demo/worker", rotation.Message, StringComparison.Ordinal);
        var unusable = Run.FailsOnce<KeyUnusableCheck>(as_is);
        Assert.Equal(Severity.Critical, unusable.Severity);
        Assert.Contains("is PendingDeletion, to be deleted 2026-01-30", unusable.Message, StringComparison.Ordinal);
        var open = Run.FailsOnce<PolicyOpenCheck>(as_is);
        Assert.Contains("Sid AnyoneDecrypts: kms:Decrypt", open.Message, StringComparison.Ordinal);

        Key("1234abcd")["rotationEnabled"] = true;
        Key("3333cccc")["keyState"] = "Enabled";
        Key("3333cccc").Remove("deletionDate");
        Key("2222bbbb").Remove("policy");
        var fixedKeys = await ReadAsync();
        Run.Passes<RotationOffCheck>(fixedKeys);
        Run.Passes<KeyUnusableCheck>(fixedKeys);
        Run.Passes<PolicyOpenCheck>(fixedKeys);

        // A disabled key is unusable (High); a key that no longer exists is Critical.
        Key("3333cccc")["keyState"] = "Disabled";
        Assert.Equal(Severity.High, Run.FailsOnce<KeyUnusableCheck>(await ReadAsync()).Severity);
        LogGroup("/ecs/worker")["kmsKeyId"] = "arn:aws:kms:us-west-2:111122223333:key/0000dead-0000-0000-0000-000000000000";
        var gone = Run.Check<KeyUnusableCheck>(await ReadAsync());
        Assert.Contains(gone, f => f.Severity == Severity.Critical && f.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_secrets_encryption_key_is_read_and_a_key_of_another_account_is_not()
    {
        Demo["encryptionConfig"] = JsonNode.Parse("""[{"resources":["secrets"],"provider":{"keyArn":"arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"}}]""");
        LogGroup("/ecs/web")["kmsKeyId"] = "arn:aws:kms:us-west-2:999999999999:key/other-account";
        var inventory = await ReadAsync();
        var aws = inventory.Aws!;
        var secrets = Assert.Single(aws.KmsKeys, k => k.Uses.Contains("secrets of EKS cluster demo"));
        Assert.Contains("ECR repository demo/worker", secrets.Uses);
        Assert.Null(Assert.Single(aws.KmsKeys, k => k.KeyArn.Contains("999999999999", StringComparison.Ordinal)).Key);
        // Its owner answers for it: not read is not "does not exist".
        Assert.DoesNotContain(Run.Check<KeyUnusableCheck>(inventory), f => f.Resource.Name.Contains("999999999999", StringComparison.Ordinal));
        Assert.Equal(2, _aws.Server.Requests.CountOf("kms", "DescribeKey")); // 1234abcd (secrets and demo/worker) and /ecs/worker's key
        Run.Passes<PolicyOpenCheck>(await ReadAsync()); // the open policy belonged to the /ecs/web key, no longer used
    }

    [Fact, Covers("logs.retention-short", Outcome.Fail), Covers("logs.retention-short", Outcome.Pass),
     Covers("logs.no-kms", Outcome.Fail), Covers("logs.no-kms", Outcome.Pass)]
    public async Task The_control_plane_log_group_fails_until_it_keeps_a_year_encrypted_and_the_minimum_is_configurable()
    {
        var as_is = await ReadAsync();
        Assert.Equal(["/aws/eks/demo/cluster", "/ecs/web", "/ecs/worker"], as_is.Aws!.LogGroups.Select(g => g.Name));
        var retention = Run.FailsOnce<LogsRetention>(as_is);
        Assert.Equal(new ResourceRef("logs.amazonaws.com", "LogGroup", null, "/aws/eks/demo/cluster"), retention.Resource);
        Assert.Contains("keeps logs 90 days, less than the minimum of 365", retention.Message, StringComparison.Ordinal);
        Assert.Equal("/aws/eks/demo/cluster", Run.FailsOnce<LogsNoKms>(as_is).Resource.Name);

        // A stricter minimum also catches /ecs/worker (400 days); /ecs/web never expires.
        var strict = await ReadAsync(CheckSettings.Default with { MinLogRetentionDays = 500 });
        Assert.Equal(["/aws/eks/demo/cluster", "/ecs/worker"], Run.Check<LogsRetention>(strict).Select(f => f.Resource.Name).Order());

        LogGroup("/aws/eks/demo/cluster")["retentionInDays"] = 365;
        LogGroup("/aws/eks/demo/cluster")["kmsKeyId"] = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        var hardened = await ReadAsync();
        Run.Passes<LogsRetention>(hardened);
        Run.Passes<LogsNoKms>(hardened);
    }

    [Fact, Covers("storage.ebs-default-unencrypted", Outcome.Fail), Covers("storage.ebs-default-unencrypted", Outcome.Pass)]
    public async Task Ebs_encryption_by_default_off_fails_and_on_passes()
    {
        Assert.Equal(new ResourceRef("ec2.amazonaws.com", "Region", null, "us-west-2"), Run.FailsOnce<EbsDefaultUnencryptedCheck>(await ReadAsync()).Resource);
        _aws.Server.Fixture.Section("ec2")["ebsEncryptionByDefault"] = true;
        Run.Passes<EbsDefaultUnencryptedCheck>(await ReadAsync());
    }

    [Fact, Covers("storage.volume-unencrypted", Outcome.Fail), Covers("storage.volume-unencrypted", Outcome.Pass)]
    public async Task An_unencrypted_ebs_volume_and_an_efs_volume_without_tls_fail_and_encrypted_ones_pass()
    {
        PersistentVolumeRecord Ebs(string name, string handle) =>
            new(name, "gp3", "ebs.csi.aws.com", handle, new Dictionary<string, string>(), $"payments/{name}");
        var volumes = new[]
        {
            Ebs("pv-ledger", "vol-0a1b2c3d4e5f60001"),
            Ebs("pv-reports", "vol-0a1b2c3d4e5f60002"),
            new PersistentVolumeRecord("pv-legacy", "gp2", "kubernetes.io/aws-ebs", "aws://us-west-2a/vol-0a1b2c3d4e5f60002", new Dictionary<string, string>(), null),
            new PersistentVolumeRecord("pv-files", "", "efs.csi.aws.com", "fs-0a1b2c3d4e5f60001", new Dictionary<string, string> { ["encryptInTransit"] = "false" }, "shop/files"),
        };
        var read = await _aws.ReadAsync(Cluster() with { PersistentVolumes = volumes }, Ct);
        Assert.Equal(["vol-0a1b2c3d4e5f60001", "vol-0a1b2c3d4e5f60002"], read.Aws!.EbsVolumes.Select(v => v.VolumeId).Order());
        var findings = Run.Check<VolumeUnencryptedCheck>(read);
        Assert.Equal(["pv-files", "pv-ledger"], findings.Select(f => f.Resource.Name).Order());
        Assert.Contains("(claim payments/pv-ledger) is EBS volume vol-0a1b2c3d4e5f60001, which is not encrypted", findings.Single(f => f.Resource.Name == "pv-ledger").Message, StringComparison.Ordinal);
        // Data at rest in the clear is High; EFS without TLS in transit is Medium, which is why FSBP EC2.3 (at rest) counts only High.
        Assert.Equal(Severity.High, findings.Single(f => f.Resource.Name == "pv-ledger").Severity);
        Assert.Equal(Severity.Medium, findings.Single(f => f.Resource.Name == "pv-files").Severity);

        _aws.Objects("ec2", "volumes").Single(v => v["volumeId"]!.GetValue<string>() == "vol-0a1b2c3d4e5f60001")["encrypted"] = true;
        Run.Passes<VolumeUnencryptedCheck>(await _aws.ReadAsync(Cluster() with { PersistentVolumes = volumes[..3] }, Ct));
    }

    [Fact, Covers("linked.ecs-public-admin-task", Outcome.Fail), Covers("linked.ecs-public-admin-task", Outcome.Pass)]
    public async Task A_public_ecs_service_whose_task_role_is_an_administrator_is_linked_and_its_roles_are_assessed_like_irsa_roles()
    {
        var as_is = await ReadAsync();
        var f = Run.FailsOnce<EcsPublicAdminTaskCheck>(as_is);
        Assert.Equal("arn:aws:ecs:us-west-2:111122223333:service/web/web-frontend", f.Resource.Name);
        Assert.Equal("arn:aws:iam::111122223333:role/demo-app-irsa", f.Details!["roleArn"]);
        Assert.StartsWith("ECS service web/web-frontend (assignPublicIp ENABLED) -> task definition web:3 -> task role", f.Details!["chain"], StringComparison.Ordinal);
        // Task and execution roles are read and their uses named, so iam.* checks assess them.
        var roles = as_is.Aws!.Roles;
        Assert.Contains(roles.Single(r => r.Name == "demo-app-irsa").Uses, u => u is { Kind: Checks.Inventory.Aws.AwsRoleUseKind.EcsTaskRole, Subject: "web:3" });
        var execution = roles.Single(r => r.Name == "demo-ecs-execution");
        Assert.NotNull(execution.Permissions);
        Assert.Contains(execution.Uses, u => u is { Kind: Checks.Inventory.Aws.AwsRoleUseKind.EcsExecutionRole, Subject: "worker:1" });
        var wildcard = Run.Check<Checks.Catalog.Iam.RoleWildcardCheck>(as_is).Single(w => w.Resource.Name.EndsWith("/demo-app-irsa", StringComparison.Ordinal));
        Assert.Contains("task role of ECS task definition web:3", wildcard.Message, StringComparison.Ordinal);

        var frontend = _aws.Objects("ecs", "clusters").Single(c => c["clusterName"]!.GetValue<string>() == "web")["services"]!.AsArray().OfType<JsonObject>()
            .Single(s => s["serviceName"]!.GetValue<string>() == "web-frontend");
        frontend["networkConfiguration"]!["awsvpcConfiguration"]!["assignPublicIp"] = "DISABLED";
        Run.Passes<EcsPublicAdminTaskCheck>(await ReadAsync());
    }
}

/// <summary>The new reads when denied, unreachable, or repeated: never a pass, and a rescan of an unchanged account asks nothing again.</summary>
public sealed class DataProtectionCollectionTests : IAsyncLifetime
{
    private const string WorkerDigest = "sha256:3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private EmulatorAccount _aws = null!;

    public async ValueTask InitializeAsync() => _aws = await EmulatorAccount.StartAsync(Ct);

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    private static ClusterInventory Cluster() =>
        Build.Cluster([AwsBuild.RunningWorkload("ledger", "payments", AwsBuild.Running("demo/worker", WorkerDigest, "2026.01.3"))]);

    private async Task<Checks.Engine.EngineResult> ScanAsync()
    {
        var cluster = Cluster();
        var collection = await _aws.CollectAsync(cluster, _aws.NewFactory(), Ct);
        return Checks.Engine.CheckEngine.Run([.. Checks.Engine.CheckCatalog.All.Where(c => c.Descriptor.RequiresAws)], cluster.WithAws(collection.Inventory),
            Checks.Engine.CheckSelection.All);
    }

    public static TheoryData<string, string[]> DeniedActions => new()
    {
        { "ec2:DescribeLaunchTemplateVersions", ["node.template-imdsv2-optional", "node.template-hop-limit", "node.template-public-ip", "node.template-user-data-secrets"] },
        { "ec2:GetEbsEncryptionByDefault", ["storage.ebs-default-unencrypted"] },
        { "kms:DescribeKey", ["kms.rotation-off", "kms.key-unusable", "kms.policy-open"] },
        { "kms:GetKeyRotationStatus", ["kms.rotation-off", "kms.key-unusable", "kms.policy-open"] },
        { "kms:GetKeyPolicy", ["kms.rotation-off", "kms.key-unusable", "kms.policy-open"] },
        { "logs:DescribeLogGroups", ["logs.retention-short", "logs.no-kms"] },
    };

    [Theory, MemberData(nameof(DeniedActions))]
    public async Task A_denied_read_makes_the_checks_that_need_it_not_evaluated_and_leaves_the_others(string action, string[] checks)
    {
        _aws.Server.Faults.Inject(action, AwsEmulator.AwsFault.AccessDenied());
        var result = await ScanAsync();
        foreach (var id in checks)
        {
            Assert.DoesNotContain(result.Findings, f => f.CheckId == id);
            Assert.StartsWith($"{action} denied", result.ChecksNotEvaluated[id], StringComparison.Ordinal);
        }
        Assert.Contains("eks.deletion-protection-off", result.ChecksRun);
    }

    [Theory]
    [InlineData("kms:DescribeKey")]
    [InlineData("logs:DescribeLogGroups")]
    [InlineData("iam:GetRole")]
    public async Task A_denied_read_never_records_a_key_log_group_or_role_as_missing(string action)
    {
        var readable = (await _aws.ReadAsync(Cluster(), Ct)).Aws!;
        _aws.Server.Faults.Inject(action, AwsEmulator.AwsFault.AccessDenied());
        var denied = (await _aws.ReadWithGapsAsync(Cluster(), Ct)).Aws!;

        Assert.Contains(denied.Unavailable, u => u.Action == action && u.Denied);
        // Every key, log group and role the denied read could not answer for is left out (a role: of unknown
        // existence), never "does not exist": not read is not gone, however many of them the read was asked about.
        (int Read, int Missing) Of(Checks.Inventory.Aws.AwsInventory aws) => action switch
        {
            "kms:DescribeKey" => (aws.KmsKeys.Count(k => k.Key is not null), aws.KmsKeys.Count(k => k.Key is null)),
            "logs:DescribeLogGroups" => (aws.LogGroups.Count(g => g.Group is not null), aws.LogGroups.Count(g => g.Group is null)),
            _ => (aws.Roles.Count(r => r.Exists == true), aws.Roles.Count(r => r.Exists == false)),
        };
        Assert.True(Of(readable).Read >= 2, $"{action}: the demo account must answer it for at least two items");
        Assert.Equal(0, Of(denied).Missing);
    }

    [Fact]
    public async Task An_unreachable_kms_or_logs_endpoint_makes_their_checks_not_evaluated()
    {
        var cluster = Cluster();
        var broken = _aws.NewFactory(o =>
        {
            o.Endpoints["kms"] = "http://127.0.0.1:9";
            o.Endpoints["logs"] = "http://127.0.0.1:9";
            o.MaxRetries = 0;
        });
        var collection = await _aws.CollectAsync(cluster, broken, Ct);
        var result = Checks.Engine.CheckEngine.Run([.. Checks.Engine.CheckCatalog.All.Where(c => c.Descriptor.RequiresAws)], cluster.WithAws(collection.Inventory),
            Checks.Engine.CheckSelection.All);
        Assert.StartsWith("source aws:kms unavailable", result.ChecksNotEvaluated["kms.rotation-off"], StringComparison.Ordinal);
        Assert.StartsWith("source aws:logs unavailable", result.ChecksNotEvaluated["logs.retention-short"], StringComparison.Ordinal);
        Assert.Contains("node.template-imdsv2-optional", result.ChecksRun);
        // Once a service is down the rest of its reads are skipped: none of them is recorded as "does not exist".
        Assert.DoesNotContain(collection.Inventory!.KmsKeys, k => k.Key is null);
        Assert.DoesNotContain(collection.Inventory.LogGroups, g => g.Group is null);
    }

    [Fact]
    public async Task A_second_scan_of_an_unchanged_account_makes_none_of_the_new_calls()
    {
        var factory = _aws.NewFactory();
        var first = await _aws.CollectAsync(Cluster(), factory, Ct);
        Assert.Empty(first.Inventory!.Unavailable);
        string[] operations = ["ec2:DescribeLaunchTemplateVersions", "ec2:GetEbsEncryptionByDefault", "kms:DescribeKey", "kms:GetKeyRotationStatus", "kms:GetKeyPolicy",
            "logs:DescribeLogGroups", "guardduty:ListDetectors", "guardduty:GetDetector", "guardduty:ListFindings", "guardduty:GetFindings", "inspector2:BatchGetAccountStatus"];
        int Count() => _aws.Server.Requests.Entries.Count(e => operations.Contains($"{e.Service}:{e.Operation}"));
        var cold = Count();
        // Two templates, the EBS default, three keys (rotation asked of the two enabled ones, policy of all), three log
        // groups, the detector (list, get, one page of finding ids, one GetFindings) and Inspector's account status.
        Assert.Equal(2 + 1 + 3 + 2 + 3 + 3 + 4 + 1, cold);

        var second = await _aws.CollectAsync(Cluster(), factory, Ct);
        Assert.Equal(cold, Count());
        Assert.Equal(first.Inventory.KmsKeys.Select(k => k.Key), second.Inventory!.KmsKeys.Select(k => k.Key));
    }
}
