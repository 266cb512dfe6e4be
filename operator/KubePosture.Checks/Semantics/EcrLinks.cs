using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// A private ECR image something runs, with the containers that run it: a Kubernetes workload (<see cref="Workload"/>
/// set) or an ECS service or standalone task (<see cref="Resource"/> names it; <see cref="Workload"/> null).
/// </summary>
public sealed record EcrUse(ResourceRef Resource, WorkloadRecord? Workload, EcrImageKey Key, ImageLocation Location, IReadOnlyList<string> Containers)
{
    public EcrUse(WorkloadRecord workload, EcrImageKey key, ImageLocation location, IReadOnlyList<string> containers)
        : this(workload.Ref, workload, key, location, containers)
    {
    }
}

/// <summary>A container of a running ECS task as a running image, and what runs it (the service, or the task definition of a standalone task).</summary>
public sealed record EcsRunningImage(ResourceRef Owner, RunningImage Running);

/// <summary>Links running containers to ECR: one entry per (workload, digest), whatever the replica count.</summary>
public static class EcrLinks
{
    /// <summary>
    /// Every (workload, running private ECR digest) pair, in inventory order: per workload its digests in the order its
    /// containers first run them, each with the location of the first such container and the names of all of them
    /// (distinct, ordinal order). Written without grouping queries: it runs once per scan over every workload.
    /// </summary>
    public static IEnumerable<EcrUse> Uses(ClusterInventory inventory)
    {
        var digests = new List<(EcrImageKey Key, ImageLocation Location, List<string> Containers)>();
        foreach (var w in inventory.Workloads)
        {
            digests.Clear();
            foreach (var running in w.Running)
            {
                var location = ImageLocation.Of(running);
                if (location.EcrKey is not { } key)
                    continue;
                var i = digests.Count - 1;
                while (i >= 0 && !digests[i].Key.Equals(key))
                    i--;
                if (i < 0)
                    digests.Add((key, location, [running.ContainerName]));
                else if (!digests[i].Containers.Contains(running.ContainerName, StringComparer.Ordinal))
                    digests[i].Containers.Add(running.ContainerName);
            }

            foreach (var (key, location, containers) in digests)
            {
                string[] names = [.. containers];
                Array.Sort(names, StringComparer.Ordinal);
                yield return new EcrUse(w, key, location, names);
            }
        }
    }

    /// <summary>
    /// Every (workload, digest) pair of <see cref="Uses"/>, then every (ECS service or standalone task definition,
    /// digest) pair. Computed once per inventory and shared by the ECR and linked checks of a scan.
    /// </summary>
    public static IReadOnlyList<EcrUse> AllUses(ClusterInventory inventory) => AllUsesCache.GetValue(inventory, static i =>
        i.Aws is { } aws ? [.. Uses(i), .. EcsUses(aws)] : [.. Uses(i)]);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClusterInventory, IReadOnlyList<EcrUse>> AllUsesCache = [];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ClusterInventory, IReadOnlyList<AwsEcrRepository>> RunningRepositoriesCache = [];

    /// <summary>ECS: one entry per (service or standalone task definition, running private ECR digest).</summary>
    public static IEnumerable<EcrUse> EcsUses(AwsInventory aws) =>
        EcsRunning(aws.EcsClusters)
            .Select(x => (x.Owner, x.Running, Location: ImageLocation.Of(x.Running)))
            .Where(x => x.Location.EcrKey is not null)
            .GroupBy(x => (x.Owner, Key: x.Location.EcrKey!))
            .Select(g => new EcrUse(g.Key.Owner, null, g.Key.Key, g.First().Location,
                [.. g.Select(x => x.Running.ContainerName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]));

    /// <summary>
    /// The containers of running ECS tasks with the digest ECS reports for them (imageDigest; the tag is not trusted).
    /// A task started by a service (group "service:name") belongs to that service; others to their task definition.
    /// </summary>
    public static IEnumerable<EcsRunningImage> EcsRunning(IReadOnlyList<AwsEcsCluster> clusters)
    {
        foreach (var cluster in clusters)
        {
            foreach (var task in cluster.RunningTasks)
            {
                if (task.LastStatus is { } status && status != "RUNNING")
                    continue;
                var serviceName = task.Group is { } g && g.StartsWith("service:", StringComparison.Ordinal) ? g["service:".Length..] : null;
                var service = serviceName is null ? null : cluster.Services.FirstOrDefault(s => s.Name == serviceName);
                var owner = service is not null ? AwsResources.EcsService(service.Arn) : AwsResources.EcsTaskDefinition(task.TaskDefinitionArn);
                foreach (var container in task.Containers)
                {
                    if (string.IsNullOrEmpty(container.Image))
                        continue;
                    string? imageId = null;
                    if (container.ImageDigest is { Length: > 0 } digest)
                    {
                        var reference = ImageReference.Parse(container.Image);
                        imageId = $"{reference.Registry}/{reference.Repository}@{digest}";
                    }

                    yield return new EcsRunningImage(owner, new RunningImage(container.Name, container.Image, imageId));
                }
            }
        }
    }

    /// <summary>The repositories running images come from (those the collector read); once per inventory.</summary>
    public static IReadOnlyList<AwsEcrRepository> RunningRepositories(ClusterInventory inventory)
    {
        if (inventory.Aws is null)
            return [];
        return RunningRepositoriesCache.GetValue(inventory, static i =>
        {
            var keys = AllUses(i).Select(u => (u.Key.RegistryId, u.Key.RepositoryName)).ToHashSet();
            return [.. i.Aws!.Repositories.Where(r => keys.Contains((r.Repository.RegistryId, r.Repository.Name)))];
        });
    }

    /// <summary>"3 CRITICAL, 5 HIGH" in severity order.</summary>
    public static string Counts(EcrImageScan scan) => string.Join(", ",
        SeverityOrder.Where(s => scan.Count(s) > 0).Select(s => $"{scan.Count(s)} {s}"));

    public static readonly IReadOnlyList<string> SeverityOrder = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED"];
}
