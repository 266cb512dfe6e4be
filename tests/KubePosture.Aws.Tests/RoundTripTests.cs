using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Tests;

/// <summary>Every adapter operation through the real client code against the AWS emulator (demo account, pageSize 2).</summary>
public sealed class RoundTripTests : IAsyncLifetime
{
    private AwsTestContext _aws = null!;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _aws = await AwsTestContext.StartAsync();

    public ValueTask DisposeAsync() => _aws.DisposeAsync();

    private const string ApiDigest = "sha256:1f3b4c2d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b";
    private const string FailedDigest = "sha256:2a2b2c2d2e2f202122232425262728292a2b2c2d2e2f20212223242526272829";
    private const string WorkerDigest = "sha256:3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c";
    private const string BatchDigest = "sha256:4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d";

    [Fact]
    public async Task Ecr_repositories_follow_pagination_and_carry_settings()
    {
        var repos = await _aws.Session.Ecr.DescribeRepositoriesAsync(null, Ct);

        Assert.Equal(["demo/api", "demo/worker", "demo/batch"], repos.Select(r => r.Name));
        Assert.Equal(2, _aws.Server.Requests.CountOf("ecr", "DescribeRepositories")); // pageSize 2: two pages
        var api = repos[0];
        Assert.False(api.TagsImmutable);
        Assert.True(api.ScanOnPush);
        Assert.Equal("AES256", api.EncryptionType);
        Assert.Equal("arn:aws:ecr:us-west-2:111122223333:repository/demo/api", api.Arn);
        Assert.Equal(DateTimeOffset.Parse("2025-01-01T00:00:00Z"), api.CreatedAt);
        var worker = repos[1];
        Assert.True(worker.TagsImmutable);
        Assert.Equal("KMS", worker.EncryptionType);
        Assert.StartsWith("arn:aws:kms:", worker.KmsKey);
    }

    [Fact]
    public async Task Ecr_registry_and_repository_scanning_configuration()
    {
        var registry = await _aws.Session.Ecr.GetRegistryScanningConfigurationAsync(Ct);
        Assert.Equal("ENHANCED", registry.ScanType);
        Assert.Equal(["CONTINUOUS_SCAN", "SCAN_ON_PUSH"], registry.Rules.Select(r => r.ScanFrequency));
        Assert.Equal(["demo/*"], registry.Rules[0].RepositoryFilters);

        var perRepo = await _aws.Session.Ecr.GetRepositoryScanningConfigurationsAsync(null, ["demo/api", "demo/batch", "nope"], Ct);
        Assert.Equal(["CONTINUOUS_SCAN", "MANUAL"], perRepo.Select(r => r.ScanFrequency));
        Assert.False(perRepo[1].ScanOnPush);
    }

    [Fact]
    public async Task Ecr_policies_are_returned_or_null_when_absent()
    {
        var ecr = _aws.Session.Ecr;
        var policy = await ecr.GetRepositoryPolicyAsync(null, "demo/api", Ct);
        Assert.NotNull(policy);
        Assert.Contains("\"Principal\":\"*\"", policy);
        Assert.Null(await ecr.GetRepositoryPolicyAsync(null, "demo/worker", Ct));
        Assert.Null(await ecr.GetLifecyclePolicyAsync(null, "demo/api", Ct));
        Assert.Contains("imageCountMoreThan", await ecr.GetLifecyclePolicyAsync(null, "demo/worker", Ct));
    }

    [Fact]
    public async Task Ecr_image_scans_cover_enhanced_basic_failed_unscanned_and_missing_images()
    {
        var keys = new[]
        {
            new EcrImageKey("111122223333", "demo/api", ApiDigest),
            new EcrImageKey("111122223333", "demo/api", FailedDigest),
            new EcrImageKey("111122223333", "demo/worker", WorkerDigest),
            new EcrImageKey("111122223333", "demo/batch", BatchDigest),
            new EcrImageKey("111122223333", "demo/batch", "sha256:" + new string('e', 64)),
        };
        var scans = (await _aws.Session.Ecr.GetImageScansAsync(keys, Ct)).ToDictionary(s => s.Key);

        var api = scans[keys[0]];
        Assert.Equal("ACTIVE", api.Status);
        Assert.True(api.Enhanced);
        Assert.Equal(1, api.Count("CRITICAL"));
        Assert.Equal(2, api.Count("HIGH"));
        Assert.Equal(DateTimeOffset.Parse("2026-01-15T00:00:00Z"), api.CompletedAt);
        Assert.Equal(["CVE-2024-0001", "CVE-2024-0002", "CVE-2024-0003", "CVE-2024-0004"], api.Findings.Select(f => f.Id)); // 2 pages of findings
        var critical = api.Findings[0];
        Assert.Equal(("CRITICAL", "openssl", "3.0.11-1", "3.0.13", "YES", 9.8), (critical.Severity, critical.PackageName, critical.PackageVersion, critical.FixedInVersion, critical.FixAvailable, critical.Score));
        Assert.Equal("NO", api.Findings[2].FixAvailable);
        // api: 4 findings in 2 pages; worker: 3 findings in 2 pages; the failed and unscanned images are not asked for findings.
        Assert.Equal(4, _aws.Server.Requests.CountOf("ecr", "DescribeImageScanFindings"));

        Assert.Equal("FAILED", scans[keys[1]].Status);
        Assert.Empty(scans[keys[1]].Findings);

        var worker = scans[keys[2]];
        Assert.Equal("COMPLETE", worker.Status);
        Assert.False(worker.Enhanced);
        Assert.Equal(["CVE-2023-4911", "CVE-2023-5678", "CVE-2023-1111"], worker.Findings.Select(f => f.Id));
        Assert.Equal(("glibc", "2.36-9", 7.8), (worker.Findings[0].PackageName, worker.Findings[0].PackageVersion, worker.Findings[0].Score));
        Assert.Null(worker.Findings[0].FixAvailable);
        Assert.Equal(1, worker.Count("HIGH"));

        Assert.Equal(EcrImageScan.NotScanned, scans[keys[3]].Status);
        Assert.Equal(EcrImageScan.ImageNotFound, scans[keys[4]].Status);
    }

    [Fact]
    public async Task Eks_cluster_is_described_with_every_field_checks_read()
    {
        var cluster = await _aws.Session.Eks.DescribeClusterAsync("demo", Ct);

        Assert.NotNull(cluster);
        Assert.Equal("1.31", cluster.Version);
        Assert.Equal("arn:aws:eks:us-west-2:111122223333:cluster/demo", cluster.Arn);
        Assert.True(cluster.EndpointPublicAccess);
        Assert.False(cluster.EndpointPrivateAccess);
        Assert.Equal(["0.0.0.0/0"], cluster.PublicAccessCidrs);
        Assert.Equal("vpc-0a1b2c3d4e5f60004", cluster.VpcId);
        Assert.Equal("sg-0a1b2c3d4e5f60003", cluster.ClusterSecurityGroupId);
        Assert.False(cluster.SecretsEncrypted);
        Assert.True(cluster.LogEnabled("api"));
        Assert.False(cluster.LogEnabled("audit"));
        Assert.Equal("API_AND_CONFIG_MAP", cluster.AuthenticationMode);
        Assert.Equal("https://oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF", cluster.OidcIssuer);
        Assert.Equal("EXTENDED", cluster.SupportType);
        Assert.Null(await _aws.Session.Eks.DescribeClusterAsync("nope", Ct));
    }

    [Fact]
    public async Task Eks_nodegroups_access_entries_pod_identities_addons_and_versions()
    {
        var eks = _aws.Session.Eks;
        Assert.Equal(["general", "batch", "gpu"], await eks.ListNodegroupsAsync("demo", Ct));
        var general = await eks.DescribeNodegroupAsync("demo", "general", Ct);
        Assert.Equal(("1.31.0-20240928", "AL2023_x86_64_STANDARD", "1.31"), (general.ReleaseVersion, general.AmiType, general.Version));
        Assert.Equal("sg-0a1b2c3d4e5f60009", general.RemoteAccessSecurityGroup);
        Assert.Equal("ops-key", general.RemoteAccessSshKey);

        var entries = await eks.ListAccessEntriesAsync("demo", Ct);
        Assert.Equal(3, entries.Count);
        var node = await eks.DescribeAccessEntryAsync("demo", entries[0], Ct);
        Assert.Equal(("EC2_LINUX", "system:nodes"), (node.Type, node.KubernetesGroups.Single()));
        var admin = await eks.ListAssociatedAccessPoliciesAsync("demo", "arn:aws:iam::111122223333:role/Admin", Ct);
        Assert.Equal("arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", admin.Single().PolicyArn);
        Assert.Equal("cluster", admin.Single().ScopeType);
        var alice = await eks.ListAssociatedAccessPoliciesAsync("demo", "arn:aws:iam::111122223333:user/alice", Ct);
        Assert.Equal(3, alice.Count); // across two pages
        Assert.Equal(["team-a", "team-b"], alice[0].Namespaces);

        var associations = await eks.ListPodIdentityAssociationsAsync("demo", null, null, Ct);
        Assert.Equal(["a-0123456789abcdef0", "a-0123456789abcdef1"], associations);
        Assert.Equal(["a-0123456789abcdef1"], await eks.ListPodIdentityAssociationsAsync("demo", "team-a", "reporter", Ct));
        var cni = await eks.DescribePodIdentityAssociationAsync("demo", associations[0], Ct);
        Assert.Equal(("kube-system", "aws-node", "arn:aws:iam::111122223333:role/demo-vpc-cni"), (cni.Namespace, cni.ServiceAccount, cni.RoleArn));

        Assert.Equal(["vpc-cni", "coredns", "kube-proxy"], await eks.ListAddonsAsync("demo", Ct));
        var proxy = await eks.DescribeAddonAsync("demo", "kube-proxy", Ct);
        Assert.Equal("DEGRADED", proxy.Status);
        Assert.StartsWith("InsufficientNumberOfReplicas", proxy.HealthIssues.Single());
        // configurationValues as written (eks.cni-network-policy-off reads the vpc-cni's); absent when none were set.
        Assert.Equal("{\"replicaCount\":2}", (await eks.DescribeAddonAsync("demo", "coredns", Ct)).ConfigurationValues);
        Assert.Null((await eks.DescribeAddonAsync("demo", "vpc-cni", Ct)).ConfigurationValues);
        var versions = await eks.DescribeAddonVersionsAsync("vpc-cni", "1.31", Ct);
        Assert.Equal("v1.19.2-eksbuild.1", versions.Single(v => v.DefaultForClusterVersion).Version);

        var k8s = await eks.DescribeClusterVersionsAsync(Ct);
        Assert.Equal(["1.33", "1.32", "1.31"], k8s.Select(v => v.Version));
        Assert.Equal(DateTimeOffset.Parse("2025-11-26T00:00:00Z"), k8s[2].EndOfStandardSupportDate);
        Assert.Equal("EXTENDED_SUPPORT", k8s[2].Status);
    }

    [Fact]
    public async Task Ec2_instances_security_groups_and_flow_logs_through_the_official_sdk()
    {
        var ec2 = _aws.Session.Ec2;
        var nodes = await ec2.DescribeClusterInstancesAsync("demo", Ct);
        Assert.Equal(["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002", "i-0a1b2c3d4e5f60003"], nodes.Select(n => n.InstanceId));
        var first = nodes[0];
        Assert.False(first.MetadataOptions!.ImdsV2Required);
        Assert.Equal(2, first.MetadataOptions.HttpPutResponseHopLimit);
        Assert.Equal("203.0.113.10", first.PublicIpAddress);
        Assert.Equal(["sg-0a1b2c3d4e5f60003", "sg-0a1b2c3d4e5f60009"], first.SecurityGroupIds);
        Assert.Equal("general", first.Tags["eks:nodegroup-name"]);
        Assert.Equal(DateTimeOffset.Parse("2025-12-01T00:00:00Z"), first.LaunchTime);
        Assert.True(nodes[1].MetadataOptions!.ImdsV2Required);
        Assert.Null(nodes[1].PublicIpAddress);

        var byId = await ec2.DescribeInstancesAsync(["i-0ffffffffffffff01"], Ct);
        Assert.Equal("vpc-0ffffffffffff0001", byId.Single().VpcId);
        // A node left behind by a terminated instance does not hide the others (InstanceIds would fail the whole call).
        var withGone = await ec2.DescribeInstancesAsync(["i-0a1b2c3d4e5f60001", "i-0deadbeefdeadbeef", "i-0a1b2c3d4e5f60002"], Ct);
        Assert.Equal(["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002"], withGone.Select(i => i.InstanceId).Order());

        var groups = await ec2.DescribeSecurityGroupsAsync(["sg-0a1b2c3d4e5f60003", "sg-0a1b2c3d4e5f60009"], Ct);
        var ssh = groups.Single(g => g.GroupId == "sg-0a1b2c3d4e5f60009").Ingress.Single();
        Assert.Equal(("tcp", 22, 22), (ssh.Protocol, ssh.FromPort, ssh.ToPort));
        Assert.True(ssh.OpenToInternet);
        Assert.Equal(["::/0"], ssh.Ipv6Ranges);
        var cluster = groups.Single(g => g.GroupId == "sg-0a1b2c3d4e5f60003");
        Assert.Equal(["sg-0a1b2c3d4e5f60003"], cluster.Ingress[0].SourceGroupIds);
        Assert.True(cluster.Ingress[0].AllPorts);

        Assert.Empty(await ec2.DescribeFlowLogsAsync(["vpc-0a1b2c3d4e5f60004"], Ct));
        var other = await ec2.DescribeFlowLogsAsync(["vpc-0ffffffffffff0001", "subnet-0ffffffffffff0001"], Ct);
        Assert.Equal(["fl-0123456789abcdef0", "fl-0123456789abcdef1"], other.Select(f => f.FlowLogId));
        Assert.Equal(("ALL", "ACTIVE", "cloud-watch-logs"), (other[0].TrafficType, other[0].Status, other[0].LogDestinationType));
    }

    [Fact]
    public async Task Ssm_parameters_patch_states_and_instance_information_through_the_official_sdk()
    {
        var ssm = _aws.Session.Ssm;
        var recommended = await ssm.GetParameterAsync("/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version", Ct);
        Assert.Equal(("1.31.7-20250520", 42L), (recommended!.Value, recommended.Version));
        Assert.Equal(DateTimeOffset.Parse("2025-05-21T00:00:00Z"), recommended.LastModified);
        Assert.Null(await ssm.GetParameterAsync("/aws/service/eks/optimized-ami/1.99/none", Ct));

        var states = await ssm.DescribeInstancePatchStatesAsync(["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002", "i-0a1b2c3d4e5f60003"], Ct);
        Assert.Equal(2, states.Count);
        var bad = states.Single(s => s.InstanceId == "i-0a1b2c3d4e5f60001");
        Assert.Equal((2, 3, 4, 1, "Scan"), (bad.CriticalNonCompliantCount, bad.SecurityNonCompliantCount, bad.MissingCount, bad.FailedCount, bad.Operation));
        Assert.Equal(DateTimeOffset.Parse("2026-01-10T02:05:00Z"), bad.OperationEndTime);

        var info = await ssm.DescribeInstanceInformationAsync(["i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002", "i-0a1b2c3d4e5f60003"], Ct);
        Assert.Equal(["Online", "ConnectionLost"], info.Select(i => i.PingStatus));
        Assert.Equal("3.3.1142.0", info[0].AgentVersion);
    }

    [Fact]
    public async Task Iam_roles_policies_and_documents_are_url_decoded()
    {
        var iam = _aws.Session.Iam;
        var irsa = await iam.GetRoleAsync("demo-app-irsa", Ct);
        Assert.NotNull(irsa);
        Assert.Equal("arn:aws:iam::111122223333:role/demo-app-irsa", irsa.Arn);
        using (var trust = System.Text.Json.JsonDocument.Parse(irsa.AssumeRolePolicyDocument))
        {
            var condition = trust.RootElement.GetProperty("Statement")[0].GetProperty("Condition").GetProperty("StringEquals");
            Assert.Equal("sts.amazonaws.com", condition.GetProperty("oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:aud").GetString());
            Assert.False(condition.TryGetProperty("oidc.eks.us-west-2.amazonaws.com/id/0123456789ABCDEF0123456789ABCDEF:sub", out _));
        }
        Assert.Equal(DateTimeOffset.Parse("2026-01-14T12:00:00Z"), irsa.LastUsed);
        Assert.Null(await iam.GetRoleAsync("demo-missing-role", Ct));

        var attached = await iam.ListAttachedRolePoliciesAsync("demo-node-role", Ct);
        Assert.Equal(3, attached.Count); // two pages
        Assert.Equal("AdministratorAccess", attached[2].PolicyName);
        Assert.Equal(["inline-wildcard", "pass-role"], await iam.ListRolePoliciesAsync("demo-app-irsa", Ct));
        var inline = await iam.GetRolePolicyAsync("demo-app-irsa", "inline-wildcard", Ct);
        Assert.Equal("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}", inline.Document);
        var managed = await iam.GetPolicyAsync("arn:aws:iam::111122223333:policy/demo-app-s3", Ct);
        Assert.Equal(("v2", 1), (managed.DefaultVersionId, managed.AttachmentCount));
        var version = await iam.GetPolicyVersionAsync(managed.Arn, managed.DefaultVersionId, Ct);
        Assert.Contains("\"s3:*\"", version.Document);

        var permissions = await iam.GetRolePermissionsAsync("demo-app-irsa", Ct);
        Assert.NotNull(permissions);
        Assert.Equal(["inline-wildcard", "pass-role", "demo-app-s3"], permissions.Documents.Select(d => d.PolicyName));
        Assert.Null(await iam.GetRolePermissionsAsync("demo-missing-role", Ct));
    }

    [Fact]
    public async Task Ecs_clusters_services_and_task_definitions()
    {
        var ecs = _aws.Session.Ecs;
        var arns = await ecs.ListClustersAsync(Ct);
        Assert.Equal(["arn:aws:ecs:us-west-2:111122223333:cluster/web", "arn:aws:ecs:us-west-2:111122223333:cluster/internal"], arns);
        var clusters = await ecs.DescribeClustersAsync(arns, Ct);
        Assert.Equal([false, true], clusters.Select(c => c.ContainerInsightsEnabled));

        var services = await ecs.ListServicesAsync("web", Ct);
        Assert.Equal(3, services.Count); // two pages
        var described = await ecs.DescribeServicesAsync("web", services, Ct);
        Assert.Equal(["ENABLED", "DISABLED", null], described.Select(s => s.AssignPublicIp));
        Assert.Equal("arn:aws:ecs:us-west-2:111122223333:task-definition/web:3", described[0].TaskDefinitionArn);

        var web = await ecs.DescribeTaskDefinitionAsync(described[0].TaskDefinitionArn!, Ct);
        Assert.Equal(("web", 3, "host", "host"), (web.Family, web.Revision, web.NetworkMode, web.PidMode));
        var container = web.Containers.Single();
        Assert.True(container.Privileged);
        Assert.False(container.ReadonlyRootFilesystem);
        Assert.Equal("hunter2", container.Environment["DB_PASSWORD"]);
        Assert.Equal("blocking", container.LogOptions["mode"]);
        var worker = await ecs.DescribeTaskDefinitionAsync("worker", Ct);
        Assert.Equal(["API_TOKEN"], worker.Containers.Single().SecretNames);
    }

    [Fact]
    public async Task Ecs_running_tasks_name_their_task_definition_and_running_digest()
    {
        var ecs = _aws.Session.Ecs;
        var arns = await ecs.ListTasksAsync("web", Ct);
        Assert.Equal(3, arns.Count); // two pages
        Assert.Empty(await ecs.ListTasksAsync("internal", Ct));
        var tasks = await ecs.DescribeTasksAsync("web", arns, Ct);
        Assert.Equal(["arn:aws:ecs:us-west-2:111122223333:task-definition/web:3", "arn:aws:ecs:us-west-2:111122223333:task-definition/web:3",
            "arn:aws:ecs:us-west-2:111122223333:task-definition/batch:2"], tasks.Select(t => t.TaskDefinitionArn));
        Assert.Equal(["service:web-frontend", "service:web-frontend", "family:batch"], tasks.Select(t => t.Group));
        var batch = tasks[2].Containers.Single();
        Assert.Equal(("batch", "sha256:4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d4d", "RUNNING"), (batch.Name, batch.ImageDigest, batch.LastStatus));
        var definition = await ecs.DescribeTaskDefinitionAsync(tasks[2].TaskDefinitionArn, Ct);
        Assert.Equal("AKIAEXAMPLEBATCH0001", definition.Containers.Single().Environment["AWS_ACCESS_KEY_ID"]);
    }

    [Fact]
    public async Task Sts_caller_identity_names_the_fixture_user()
    {
        var me = await _aws.Session.Sts.GetCallerIdentityAsync(Ct);
        Assert.Equal(("111122223333", "arn:aws:iam::111122223333:user/kubeposture-operator"), (me.Account, me.Arn));
    }
}
