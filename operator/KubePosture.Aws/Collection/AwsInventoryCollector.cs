using KubePosture.Aws.Ports;
using KubePosture.Aws.Telemetry;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Semantics;

namespace KubePosture.Aws.Collection;

/// <summary>What one scan asks of AWS: region, cluster name and role (each discovered or defaulted when null).</summary>
/// <param name="EcsClusters">ECS clusters (names or ARNs) to assess; null or empty: every cluster of the region.</param>
public sealed record AwsCollectionRequest(string? Region, string? ClusterName, string? RoleArn, IReadOnlyDictionary<string, string>? EndpointOverrides = null,
    IReadOnlyList<string>? EcsClusters = null);

/// <summary>The AWS side of a scan, or why it could not be scoped (missing or ambiguous region or cluster name).</summary>
/// <param name="Inventory">What was read; null when the scan could not be scoped.</param>
/// <param name="ScopeError">Why the region or cluster could not be determined.</param>
/// <param name="Calls">AWS requests this collection made (each attempt; cache hits cost none).</param>
public sealed record AwsCollection(AwsInventory? Inventory, string? ScopeError, long Calls = 0);

/// <summary>
/// Reads the AWS account around the cluster into an <see cref="AwsInventory"/> through the ports, linking what runs in
/// the cluster to AWS resources: node spec.providerID → EC2 instance, the eks.amazonaws.com/nodegroup label → managed
/// node group → recommended AMI release (SSM public parameter for its AMI type and Kubernetes version), instances →
/// SSM registration and patch state (the adapter batches 50 ids per call), running container digests → ECR scan
/// findings (one lookup per distinct digest per scan), service accounts, Pod Identity, aws-auth and access entries →
/// IAM roles. Self-managed nodes are included. A denied action or an unreachable service is recorded in
/// <see cref="AwsInventory.Unavailable"/> and the rest is still read: nothing here throws out of a scan except
/// cancellation.
/// </summary>
public sealed partial class AwsInventoryCollector
{
    private readonly IAwsSessionFactory _sessions;
    private readonly string? _defaultRegion;

    public AwsInventoryCollector(IAwsSessionFactory sessions, string? defaultRegion)
    {
        _sessions = sessions;
        _defaultRegion = defaultRegion;
    }

    public async Task<AwsCollection> CollectAsync(ClusterInventory cluster, AwsCollectionRequest request, CancellationToken cancellationToken)
    {
        using var calls = AwsCallCounter.Begin();
        var collection = await CollectCountedAsync(cluster, request, cancellationToken);
        return collection with { Calls = calls.Count };
    }

    private async Task<AwsCollection> CollectCountedAsync(ClusterInventory cluster, AwsCollectionRequest request, CancellationToken cancellationToken)
    {
        string region;
        try
        {
            region = AwsScopeDiscovery.Region(request.Region ?? _defaultRegion, cluster.Nodes);
        }
        catch (AwsScopeException ex)
        {
            return new AwsCollection(null, ex.Message);
        }

        IAwsSession session;
        try
        {
            session = _sessions.GetSession(new AwsSessionRequest(region, request.RoleArn, request.EndpointOverrides));
        }
        catch (ArgumentException ex)
        {
            return new AwsCollection(null, ex.Message);
        }

        var run = new Run(session, cancellationToken);
        var nodeLinks = cluster.Nodes.Select(n => (Node: n, InstanceId: AwsScopeDiscovery.InstanceId(n.ProviderId))).ToList();
        var instanceIds = nodeLinks.Select(n => n.InstanceId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

        var identity = await run.Try(InventorySource.AwsSts, "sts:GetCallerIdentity", () => session.Sts.GetCallerIdentityAsync(cancellationToken));
        var instances = instanceIds.Count == 0 ? [] : await run.Try(InventorySource.AwsEc2, "ec2:DescribeInstances",
            () => session.Ec2.DescribeInstancesAsync(instanceIds, cancellationToken)) ?? [];

        string clusterName;
        try
        {
            clusterName = AwsScopeDiscovery.ClusterName(request.ClusterName, cluster.Nodes, instances);
        }
        catch (AwsScopeException ex)
        {
            return new AwsCollection(null, ex.Message);
        }

        // EKS
        var eks = await run.Try(InventorySource.AwsEks, "eks:DescribeCluster", () => session.Eks.DescribeClusterAsync(clusterName, cancellationToken));
        var nodegroups = new List<EksNodegroup>();
        foreach (var name in await run.Try(InventorySource.AwsEks, "eks:ListNodegroups", () => session.Eks.ListNodegroupsAsync(clusterName, cancellationToken)) ?? [])
        {
            if (await run.Try(InventorySource.AwsEks, "eks:DescribeNodegroup", () => session.Eks.DescribeNodegroupAsync(clusterName, name, cancellationToken)) is { } g)
                nodegroups.Add(g);
        }

        var versions = await run.Try(InventorySource.AwsEks, "eks:DescribeClusterVersions", () => session.Eks.DescribeClusterVersionsAsync(cancellationToken)) ?? [];
        var addons = new List<EksAddon>();
        foreach (var name in await run.Try(InventorySource.AwsEks, "eks:ListAddons", () => session.Eks.ListAddonsAsync(clusterName, cancellationToken)) ?? [])
        {
            if (await run.Try(InventorySource.AwsEks, "eks:DescribeAddon", () => session.Eks.DescribeAddonAsync(clusterName, name, cancellationToken)) is { } a)
                addons.Add(a);
        }

        var accessEntries = new List<AwsAccessEntry>();
        foreach (var principal in await run.Try(InventorySource.AwsEks, "eks:ListAccessEntries", () => session.Eks.ListAccessEntriesAsync(clusterName, cancellationToken)) ?? [])
        {
            var entry = await run.Try(InventorySource.AwsEks, "eks:DescribeAccessEntry", () => session.Eks.DescribeAccessEntryAsync(clusterName, principal, cancellationToken));
            if (entry is null)
                continue;
            var policies = await run.Try(InventorySource.AwsEks, "eks:ListAssociatedAccessPolicies",
                () => session.Eks.ListAssociatedAccessPoliciesAsync(clusterName, principal, cancellationToken)) ?? [];
            accessEntries.Add(new AwsAccessEntry(entry, policies));
        }

        var podIdentity = new List<EksPodIdentityAssociation>();
        foreach (var id in await run.Try(InventorySource.AwsEks, "eks:ListPodIdentityAssociations",
                     () => session.Eks.ListPodIdentityAssociationsAsync(clusterName, null, null, cancellationToken)) ?? [])
        {
            if (await run.Try(InventorySource.AwsEks, "eks:DescribePodIdentityAssociation",
                    () => session.Eks.DescribePodIdentityAssociationAsync(clusterName, id, cancellationToken)) is { } association)
                podIdentity.Add(association);
        }

        // SSM: recommended AMI releases per (AMI type, Kubernetes version), registration and patch state.
        var amiReleases = new List<AmiRelease>();
        foreach (var (amiType, version) in nodegroups.Select(g => (g.AmiType, Version: g.Version ?? eks?.Version)).Distinct())
        {
            if (AmiReleases.ParameterName(amiType, version) is not { } parameter)
                continue;
            var value = await run.Try(InventorySource.AwsSsm, "ssm:GetParameter", () => session.Ssm.GetParameterAsync(parameter, cancellationToken));
            amiReleases.Add(new AmiRelease(amiType!, version!, parameter, value?.Value));
        }

        var ssmInfo = instanceIds.Count == 0 ? [] : await run.Try(InventorySource.AwsSsm, "ssm:DescribeInstanceInformation",
            () => session.Ssm.DescribeInstanceInformationAsync(instanceIds, cancellationToken)) ?? [];
        var managedIds = ssmInfo.Select(i => i.InstanceId).ToList();
        var patchStates = managedIds.Count == 0 ? [] : await run.Try(InventorySource.AwsSsm, "ssm:DescribeInstancePatchStates",
            () => session.Ssm.DescribeInstancePatchStatesAsync(managedIds, cancellationToken)) ?? [];

        var byInstance = instances.ToDictionary(i => i.InstanceId, StringComparer.Ordinal);
        var ssmById = ssmInfo.ToDictionary(i => i.InstanceId, StringComparer.Ordinal);
        var patchById = patchStates.ToDictionary(p => p.InstanceId, StringComparer.Ordinal);
        var nodes = new List<AwsNode>();
        foreach (var (node, instanceId) in nodeLinks)
        {
            var groupName = node.Labels.GetValueOrDefault(AwsScopeDiscovery.NodegroupLabel);
            var group = groupName is null ? null : nodegroups.FirstOrDefault(g => g.Name == groupName);
            var release = group is null ? null : amiReleases.FirstOrDefault(r => r.AmiType == group.AmiType && r.KubernetesVersion == (group.Version ?? eks?.Version));
            nodes.Add(new AwsNode(
                node.Name,
                instanceId,
                AwsScopeDiscovery.Zone(node.ProviderId),
                instanceId is null ? null : byInstance.GetValueOrDefault(instanceId),
                groupName,
                group?.ReleaseVersion,
                group?.AmiType,
                release?.RecommendedReleaseVersion,
                instanceId is null ? null : ssmById.GetValueOrDefault(instanceId),
                instanceId is null ? null : patchById.GetValueOrDefault(instanceId)));
        }

        // EC2 network: cluster, node and node groups' remote-access security groups; flow logs of the VPCs and of the
        // cluster's subnets (a flow log on every cluster subnet covers the cluster as one on the VPC does).
        var groupIds = new[] { eks?.ClusterSecurityGroupId }.Concat(eks?.SecurityGroupIds ?? []).Concat(instances.SelectMany(i => i.SecurityGroupIds))
            .Concat(nodegroups.Select(g => g.RemoteAccessSecurityGroup))
            .OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var securityGroups = groupIds.Count == 0 ? [] : await run.Try(InventorySource.AwsEc2, "ec2:DescribeSecurityGroups",
            () => session.Ec2.DescribeSecurityGroupsAsync(groupIds, cancellationToken)) ?? [];
        var vpcIds = new[] { eks?.VpcId }.Concat(instances.Select(i => i.VpcId)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var flowLogResources = vpcIds.Concat(eks?.SubnetIds ?? []).Distinct(StringComparer.Ordinal).ToList();
        var flowLogs = vpcIds.Count == 0 ? [] : await run.Try(InventorySource.AwsEc2, "ec2:DescribeFlowLogs",
            () => session.Ec2.DescribeFlowLogsAsync(flowLogResources, cancellationToken)) ?? [];

        // ECS in the same region (before ECR: the digests its tasks run are looked up with the cluster's).
        var (ecsClusters, taskDefinitions, ecsNotes) = await CollectEcsAsync(session, run, request.EcsClusters ?? [], cancellationToken);

        // ECR: the digests that run in the cluster and in ECS tasks, one lookup per distinct digest.
        var ecr = await CollectEcrAsync(cluster, ecsClusters, session, run, region, cancellationToken);

        // IAM: every role the cluster uses.
        var roles = await CollectRolesAsync(cluster, session, run, identity?.Account, nodegroups, podIdentity, accessEntries, addons, taskDefinitions, cancellationToken);

        // Launch templates, EBS defaults, KMS keys and log groups (AwsInventoryCollector.DataProtection.cs).
        var protection = await CollectDataProtectionAsync(session, run, identity?.Account, eks, nodegroups, ecr.Repositories, taskDefinitions,
            cluster.PersistentVolumes, cancellationToken);

        // GuardDuty and Inspector (AwsInventoryCollector.Detection.cs).
        var detection = await CollectDetectionAsync(session, run, identity?.Account, clusterName, cancellationToken);

        // ELBv2 load balancers of this cluster with their listeners, attributes and WAF (AwsInventoryCollector.LoadBalancers.cs).
        var loadBalancers = await CollectLoadBalancersAsync(cluster, session, run, clusterName, cancellationToken);

        var inventory = new AwsInventory
        {
            Region = region,
            Partition = session.Partition,
            AccountId = identity?.Account,
            ClusterName = clusterName,
            Cluster = eks,
            Nodegroups = nodegroups,
            Addons = addons,
            AccessEntries = accessEntries,
            PodIdentityAssociations = podIdentity,
            ClusterVersions = versions,
            Nodes = nodes,
            SecurityGroups = securityGroups,
            FlowLogs = flowLogs,
            AmiReleases = amiReleases,
            Roles = roles,
            RegistryScanning = ecr.RegistryScanning,
            Repositories = ecr.Repositories,
            ImageScans = ecr.Scans,
            EcsClusters = ecsClusters,
            EcsTaskDefinitions = taskDefinitions,
            LaunchTemplates = protection.LaunchTemplates,
            EbsEncryptionByDefault = protection.EbsEncryptionByDefault,
            EbsVolumes = protection.EbsVolumes,
            KmsKeys = protection.KmsKeys,
            LogGroups = protection.LogGroups,
            GuardDutyDetectors = detection.Detectors,
            GuardDutyFindings = detection.Findings,
            InspectorStatus = detection.Inspector,
            LoadBalancers = loadBalancers,
            Unavailable = run.Unavailable,
            Notes = [.. ecr.Notes, .. ecsNotes],
        };
        return new AwsCollection(inventory, null);
    }

    private sealed record EcrPart(
        EcrRegistryScanningConfiguration? RegistryScanning,
        IReadOnlyList<AwsEcrRepository> Repositories,
        IReadOnlyDictionary<EcrImageKey, EcrImageScan> Scans,
        IReadOnlyList<string> Notes);

    private static async Task<EcrPart> CollectEcrAsync(ClusterInventory cluster, IReadOnlyList<AwsEcsCluster> ecs, IAwsSession session, Run run, string region, CancellationToken ct)
    {
        var locations = cluster.Workloads.SelectMany(w => w.Running).Concat(EcrLinks.EcsRunning(ecs).Select(r => r.Running))
            .Select(ImageLocation.Of).Where(l => l.EcrKey is not null).ToList();
        var notes = new List<string>();
        var elsewhere = locations.Where(l => l.Region != region).Select(l => l.Region).Distinct(StringComparer.Ordinal).ToList();
        if (elsewhere.Count > 0)
            notes.Add($"ECR images in other regions ({string.Join(", ", elsewhere.Take(5))}) are not read; ecr.* checks do not cover them");
        var keys = locations.Where(l => l.Region == region).Select(l => l.EcrKey!).Distinct().ToList();
        if (keys.Count == 0)
            return new EcrPart(null, [], new Dictionary<EcrImageKey, EcrImageScan>(), notes);

        var registryScanning = await run.Try(InventorySource.AwsEcr, "ecr:GetRegistryScanningConfiguration", () => session.Ecr.GetRegistryScanningConfigurationAsync(ct));
        var repositories = new List<AwsEcrRepository>();
        foreach (var registry in keys.GroupBy(k => k.RegistryId))
        {
            var wanted = registry.Select(k => k.RepositoryName).ToHashSet(StringComparer.Ordinal);
            var described = await run.Try(InventorySource.AwsEcr, "ecr:DescribeRepositories", () => session.Ecr.DescribeRepositoriesAsync(registry.Key, ct)) ?? [];
            var present = described.Where(r => wanted.Contains(r.Name)).ToList();
            if (present.Count == 0)
                continue;
            var scanning = await run.Try(InventorySource.AwsEcr, "ecr:BatchGetRepositoryScanningConfiguration",
                () => session.Ecr.GetRepositoryScanningConfigurationsAsync(registry.Key, [.. present.Select(r => r.Name)], ct)) ?? [];
            // Two calls per repository, repositories concurrently (the ECR limiter bounds the requests), in input order.
            var settings = new AwsEcrRepository[present.Count];
            await Parallel.ForEachAsync(Enumerable.Range(0, present.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (i, _) =>
            {
                var repository = present[i];
                var policy = await run.Try(InventorySource.AwsEcr, "ecr:GetRepositoryPolicy", () => session.Ecr.GetRepositoryPolicyAsync(registry.Key, repository.Name, ct));
                var lifecycle = await run.Try(InventorySource.AwsEcr, "ecr:GetLifecyclePolicy", () => session.Ecr.GetLifecyclePolicyAsync(registry.Key, repository.Name, ct));
                settings[i] = new AwsEcrRepository(repository, scanning.FirstOrDefault(s => s.RepositoryName == repository.Name), policy, lifecycle);
            });
            repositories.AddRange(settings);
        }

        var scans = await run.Try(InventorySource.AwsEcr, "ecr:DescribeImageScanFindings", () => session.Ecr.GetImageScansAsync(keys, ct)) ?? [];
        return new EcrPart(registryScanning, repositories, scans.ToDictionary(s => s.Key), notes);
    }

    private static async Task<IReadOnlyList<AwsRole>> CollectRolesAsync(
        ClusterInventory cluster, IAwsSession session, Run run, string? account, IReadOnlyList<EksNodegroup> nodegroups,
        IReadOnlyList<EksPodIdentityAssociation> podIdentity, IReadOnlyList<AwsAccessEntry> accessEntries, IReadOnlyList<EksAddon> addons,
        IReadOnlyList<EcsTaskDefinition> taskDefinitions, CancellationToken ct)
    {
        var uses = new Dictionary<string, List<AwsRoleUse>>(StringComparer.Ordinal);
        void Use(string? arn, AwsRoleUseKind kind, string subject)
        {
            if (string.IsNullOrWhiteSpace(arn) || !AwsArn.TryParse(arn, out var parsed) || parsed.Service != "iam" || parsed.ResourceType != "role")
                return;
            if (!uses.TryGetValue(arn, out var list))
                uses[arn] = list = [];
            list.Add(new AwsRoleUse(kind, subject));
        }

        foreach (var g in nodegroups) Use(g.NodeRole, AwsRoleUseKind.NodeRole, g.Name);
        foreach (var sa in cluster.ServiceAccounts) Use(sa.IrsaRoleArn, AwsRoleUseKind.Irsa, $"{sa.Namespace}/{sa.Name}");
        foreach (var p in podIdentity) Use(p.RoleArn, AwsRoleUseKind.PodIdentity, $"{p.Namespace}/{p.ServiceAccount}");
        foreach (var m in cluster.AwsAuth?.MapRoles ?? [])
            Use(m.Arn, AwsRoleUse.MapsToNodes(m.Groups) ? AwsRoleUseKind.NodeMapping : AwsRoleUseKind.AwsAuth, m.UserName ?? m.Arn);
        foreach (var e in accessEntries)
            Use(e.Entry.PrincipalArn, AwsRoleUse.IsNodeAccessEntry(e.Entry.Type) ? AwsRoleUseKind.NodeMapping : AwsRoleUseKind.AccessEntry, e.Entry.Username ?? e.Entry.PrincipalArn);
        foreach (var a in addons) Use(a.ServiceAccountRoleArn, AwsRoleUseKind.AddonRole, a.Name);
        foreach (var t in taskDefinitions)
        {
            Use(t.TaskRoleArn, AwsRoleUseKind.EcsTaskRole, $"{t.Family}:{t.Revision}");
            Use(t.ExecutionRoleArn, AwsRoleUseKind.EcsExecutionRole, $"{t.Family}:{t.Revision}");
        }

        var roles = new List<AwsRole>();
        foreach (var (arn, roleUses) in uses.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            var parsed = AwsArn.Parse(arn, "role ARN");
            if (account is not null && parsed.AccountId != account)
            {
                roles.Add(new AwsRole(arn, parsed.ResourceName, null, null, roleUses));
                continue;
            }

            var (readable, permissions) = await run.TryRead(InventorySource.AwsIam, "iam:GetRole", () => session.Iam.GetRolePermissionsAsync(parsed.ResourceName, ct));
            roles.Add(new AwsRole(arn, parsed.ResourceName, readable ? permissions is not null : null, permissions, roleUses));
        }

        return roles;
    }

    private static async Task<(IReadOnlyList<AwsEcsCluster>, IReadOnlyList<EcsTaskDefinition>, IReadOnlyList<string>)> CollectEcsAsync(
        IAwsSession session, Run run, IReadOnlyList<string> named, CancellationToken ct)
    {
        // Named clusters are described directly (DescribeClusters takes names or ARNs); otherwise every cluster of the region.
        var arns = named.Count > 0 ? named : await run.Try(InventorySource.AwsEcs, "ecs:ListClusters", () => session.Ecs.ListClustersAsync(ct)) ?? [];
        if (arns.Count == 0)
            return ([], [], []);
        var described = await run.Try(InventorySource.AwsEcs, "ecs:DescribeClusters", () => session.Ecs.DescribeClustersAsync(arns, ct));
        var clusters = (described ?? []).Where(c => c.Status != "INACTIVE").ToList();
        var notes = new List<string>();
        if (described is not null)
        {
            var missing = named.Where(n => !clusters.Any(c => c.Name == n || c.Arn == n)).ToList();
            if (missing.Count > 0)
                notes.Add($"spec.aws.ecsClusters: {string.Join(", ", missing)} not found (or inactive) in {session.Region}; their ecs.* checks did not run");
        }

        var result = new List<AwsEcsCluster>();
        var taskDefinitions = new Dictionary<string, EcsTaskDefinition>(StringComparer.Ordinal);
        foreach (var c in clusters)
        {
            var serviceArns = await run.Try(InventorySource.AwsEcs, "ecs:ListServices", () => session.Ecs.ListServicesAsync(c.Arn, ct)) ?? [];
            var services = serviceArns.Count == 0 ? [] : await run.Try(InventorySource.AwsEcs, "ecs:DescribeServices", () => session.Ecs.DescribeServicesAsync(c.Arn, serviceArns, ct)) ?? [];
            // Running tasks too: standalone tasks (scheduled, RunTask) run task definitions no service names, and each
            // task's containers report the digest that actually runs.
            var taskArns = await run.Try(InventorySource.AwsEcs, "ecs:ListTasks", () => session.Ecs.ListTasksAsync(c.Arn, ct)) ?? [];
            var tasks = taskArns.Count == 0 ? [] : await run.Try(InventorySource.AwsEcs, "ecs:DescribeTasks", () => session.Ecs.DescribeTasksAsync(c.Arn, taskArns, ct)) ?? [];
            result.Add(new AwsEcsCluster(c, services, tasks));
            var used = services.Select(s => s.TaskDefinitionArn).OfType<string>().Concat(tasks.Select(t => t.TaskDefinitionArn));
            foreach (var td in used.Distinct(StringComparer.Ordinal))
            {
                if (taskDefinitions.ContainsKey(td))
                    continue;
                if (await run.Try(InventorySource.AwsEcs, "ecs:DescribeTaskDefinition", () => session.Ecs.DescribeTaskDefinitionAsync(td, ct)) is { } definition)
                    taskDefinitions[td] = definition;
            }
        }

        return (result, [.. taskDefinitions.Values], notes);
    }

    /// <summary>One collection: records what was denied or unreachable and stops calling a service that is down.</summary>
    private sealed class Run(IAwsSession session, CancellationToken cancellationToken)
    {
        // Calls may run concurrently (ECR repositories): the records are guarded by one lock.
        private readonly Lock _lock = new();
        private readonly List<AwsUnavailable> _unavailable = [];
        private readonly HashSet<string> _down = new(StringComparer.Ordinal);

        public IReadOnlyList<AwsUnavailable> Unavailable
        {
            get
            {
                lock (_lock)
                    return [.. _unavailable];
            }
        }

        public async Task<T?> Try<T>(string source, string action, Func<Task<T>> call) => (await TryRead(source, action, call)).Value;

        /// <summary>
        /// <see cref="Try{T}"/> that also says whether the call answered: an answered null means the thing does not
        /// exist; an unanswered call (denied, failed, or its service already down) means it was not read.
        /// </summary>
        public async Task<(bool Answered, T? Value)> TryRead<T>(string source, string action, Func<Task<T>> call)
        {
            lock (_lock)
            {
                if (_down.Contains(source))
                    return (false, default);
            }

            try
            {
                return (true, await call());
            }
            catch (AwsAccessDeniedException ex)
            {
                Record(new AwsUnavailable(source, ex.Action, $"{ex.ErrorCode}: grant {ex.Action} to the operator's IAM role (deploy/iam-policy.json)", true));
                return (false, default);
            }
            catch (AwsServiceException ex) when (!ex.IsRetryable)
            {
                Record(new AwsUnavailable(source, action, $"HTTP {ex.StatusCode} {ex.ErrorCode}: {ex.AwsMessage}", false));
                return (false, default);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Unreachable (network, timeouts, 5xx after retries, malformed answers): the whole service is unavailable.
                lock (_lock)
                {
                    if (_down.Add(source))
                    {
                        _unavailable.Add(new AwsUnavailable(source, AwsUnavailable.AllActions,
                            $"{source[4..]} unreachable in {session.Region}: {ex.GetType().Name}: {ex.Message}", false));
                    }
                }

                return (false, default);
            }
        }

        private void Record(AwsUnavailable unavailable)
        {
            lock (_lock)
            {
                if (!_unavailable.Any(u => u.Action == unavailable.Action))
                    _unavailable.Add(unavailable);
            }
        }
    }
}
