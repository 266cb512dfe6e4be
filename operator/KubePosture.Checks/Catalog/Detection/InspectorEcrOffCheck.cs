using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Detection;

public sealed class InspectorEcrOffCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "detection.inspector-ecr-off",
        Title: "Inspector does not scan ECR images",
        Category: CheckCategory.Detection,
        DefaultSeverity: Severity.Medium,
        Description: "Amazon Inspector's ECR scanning (enhanced scanning) is not enabled for the account (BatchGetAccountStatus resourceState.ecr): images are scanned at most once on push with basic scanning, operating-system packages only, and never re-evaluated when a new CVE is published about an image already running.",
        Remediation: "Enable Inspector for ECR: aws inspector2 enable --resource-types ECR, and set the registry's scanning to ENHANCED with continuous scanning for the repositories the cluster pulls from.",
        References: [References.EksImage, "AWS Security Hub Inspector.2", "Amazon Inspector ECR scanning: https://docs.aws.amazon.com/inspector/latest/user/scanning-ecr.html"],
        Sources: [InventorySource.AwsInspector, "inspector2:BatchGetAccountStatus", InventorySource.AwsSts, "sts:GetCallerIdentity"],
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        var account = aws.AccountId ?? throw new CheckNotEvaluatedException("sts:GetCallerIdentity gave no account to ask Inspector about");
        var status = aws.InspectorStatus?.ResourceStatus.GetValueOrDefault("ecr");
        if (status == "ENABLED") yield break;
        yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, AwsResources.Region(aws.Region),
            $"Inspector ECR scanning is {status ?? "not enabled"} for account {account} in {aws.Region}",
            new Dictionary<string, string> { ["account"] = account, ["ecrStatus"] = status ?? "" });
    }
}
