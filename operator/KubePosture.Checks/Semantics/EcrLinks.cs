using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;

namespace KubePosture.Checks.Semantics;

/// <summary>A private ECR image a workload runs, with the containers that run it.</summary>
public sealed record EcrUse(WorkloadRecord Workload, EcrImageKey Key, ImageLocation Location, IReadOnlyList<string> Containers);

/// <summary>Links running containers to ECR: one entry per (workload, digest), whatever the replica count.</summary>
public static class EcrLinks
{
    /// <summary>Every (workload, running private ECR digest) pair, in inventory order.</summary>
    public static IEnumerable<EcrUse> Uses(ClusterInventory inventory)
    {
        foreach (var w in inventory.Workloads)
        {
            foreach (var group in w.Running
                         .Select(r => (Running: r, Location: ImageLocation.Of(r)))
                         .Where(x => x.Location.EcrKey is not null)
                         .GroupBy(x => x.Location.EcrKey!))
            {
                yield return new EcrUse(w, group.Key, group.First().Location,
                    [.. group.Select(x => x.Running.ContainerName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
            }
        }
    }

    /// <summary>The repositories running images come from (those the collector read).</summary>
    public static IEnumerable<AwsEcrRepository> RunningRepositories(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws)
            yield break;
        var keys = Uses(inventory).Select(u => (u.Key.RegistryId, u.Key.RepositoryName)).ToHashSet();
        foreach (var repository in aws.Repositories)
        {
            if (keys.Contains((repository.Repository.RegistryId, repository.Repository.Name)))
                yield return repository;
        }
    }

    /// <summary>"3 CRITICAL, 5 HIGH" in severity order.</summary>
    public static string Counts(EcrImageScan scan) => string.Join(", ",
        SeverityOrder.Where(s => scan.Count(s) > 0).Select(s => $"{scan.Count(s)} {s}"));

    public static readonly IReadOnlyList<string> SeverityOrder = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "UNDEFINED"];
}
