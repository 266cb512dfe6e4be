using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Inventory.Aws;

namespace KubePosture.Aws.Collection;

/// <summary>
/// What the customer owns around the cluster's data: the launch templates managed node groups launch from, EBS
/// encryption by default, the KMS keys of secrets encryption, ECR repositories and log groups, and the log groups of
/// the control plane and of ECS awslogs containers, and the EBS volumes behind PersistentVolumes. Each distinct template, key and log group is read once per scan
/// (and cached across scans by the ports).
/// </summary>
public sealed partial class AwsInventoryCollector
{
    private sealed record DataProtectionPart(
        IReadOnlyList<AwsLaunchTemplate> LaunchTemplates,
        bool? EbsEncryptionByDefault,
        IReadOnlyList<Ec2Volume> EbsVolumes,
        IReadOnlyList<AwsKmsKey> KmsKeys,
        IReadOnlyList<AwsLogGroup> LogGroups);

    /// <summary>The control-plane log group EKS writes to.</summary>
    public static string ControlPlaneLogGroup(string clusterName) => $"/aws/eks/{clusterName}/cluster";

    private static async Task<DataProtectionPart> CollectDataProtectionAsync(
        IAwsSession session, Run run, string? account, EksCluster? eks, IReadOnlyList<EksNodegroup> nodegroups, IReadOnlyList<AwsEcrRepository> repositories,
        IReadOnlyList<EcsTaskDefinition> taskDefinitions, IReadOnlyList<PersistentVolumeRecord> persistentVolumes, CancellationToken ct)
    {
        var templates = new List<AwsLaunchTemplate>();
        foreach (var g in nodegroups)
        {
            if (g.LaunchTemplate is not { } lt || (string.IsNullOrEmpty(lt.Id) && string.IsNullOrEmpty(lt.Name)))
                continue;
            var version = await run.Try(InventorySource.AwsEc2, "ec2:DescribeLaunchTemplateVersions",
                () => session.Ec2.DescribeLaunchTemplateVersionAsync(lt.Id, lt.Name, lt.Version is { Length: > 0 } v ? v : "$Default", ct));
            templates.Add(new AwsLaunchTemplate(g.Name, lt, version));
        }

        var ebsDefault = await run.Try<bool?>(InventorySource.AwsEc2, "ec2:GetEbsEncryptionByDefault",
            async () => await session.Ec2.GetEbsEncryptionByDefaultAsync(ct));
        var volumeIds = persistentVolumes.Select(v => v.EbsVolumeId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var volumes = volumeIds.Count == 0 ? [] : await run.Try(InventorySource.AwsEc2, "ec2:DescribeVolumes", () => session.Ec2.DescribeVolumesAsync(volumeIds, ct)) ?? [];

        // Log groups: the control plane's (when any log type is enabled it exists) and every awslogs group in this region.
        var writers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Writer(string group, string who)
        {
            if (!writers.TryGetValue(group, out var list)) writers[group] = list = [];
            if (!list.Contains(who)) list.Add(who);
        }
        if (eks is not null)
            Writer(ControlPlaneLogGroup(eks.Name), $"control plane of EKS cluster {eks.Name}");
        foreach (var t in taskDefinitions)
        {
            foreach (var c in t.Containers.Where(c => c.LogDriver == "awslogs"))
            {
                if (c.LogOptions.GetValueOrDefault("awslogs-group") is not { Length: > 0 } group) continue;
                if (c.LogOptions.GetValueOrDefault("awslogs-region") is { Length: > 0 } region && region != session.Region) continue;
                Writer(group, $"ECS task definition {t.Family}:{t.Revision} container {c.Name}");
            }
        }
        var logGroups = new List<AwsLogGroup>();
        foreach (var (name, who) in writers.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            var (answered, group) = await run.TryRead(InventorySource.AwsLogs, "logs:DescribeLogGroups", () => session.Logs.DescribeLogGroupAsync(name, ct));
            if (answered)
                logGroups.Add(new AwsLogGroup(name, who, group));
        }

        // KMS keys: secrets encryption, ECR repositories that running images come from, and the log groups' keys.
        var uses = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void KeyUse(string? arn, string use)
        {
            if (string.IsNullOrWhiteSpace(arn)) return;
            if (!uses.TryGetValue(arn, out var list)) uses[arn] = list = [];
            if (!list.Contains(use)) list.Add(use);
        }
        if (eks?.SecretsKeyArn is { } secretsKey) KeyUse(secretsKey, $"secrets of EKS cluster {eks.Name}");
        foreach (var r in repositories) KeyUse(r.Repository.KmsKey, $"ECR repository {r.Repository.Name}");
        foreach (var g in logGroups) KeyUse(g.Group?.KmsKeyId, $"log group {g.Name}");
        var keys = new List<AwsKmsKey>();
        foreach (var (arn, keyUses) in uses.OrderBy(u => u.Key, StringComparer.Ordinal))
        {
            // A key of another account is described by that account; its policy is not readable from here.
            if (AwsKmsKey.OfAnotherAccount(arn, account))
            {
                keys.Add(new AwsKmsKey(arn, null, keyUses));
                continue;
            }
            var (answered, key) = await run.TryRead(InventorySource.AwsKms, "kms:DescribeKey", () => session.Kms.DescribeKeyAsync(arn, ct));
            if (answered)
                keys.Add(new AwsKmsKey(arn, key, keyUses));
        }

        return new DataProtectionPart(templates, ebsDefault, volumes, keys, logGroups);
    }
}
