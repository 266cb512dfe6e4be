using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics;

namespace KubePosture.Checks.Catalog.Node;

public sealed class TemplateUserDataSecretsCheck : ICheck
{
    public CheckDescriptor Descriptor { get; } = new(
        Id: "node.template-user-data-secrets",
        Title: "Node group launch template has secrets in user data",
        Category: CheckCategory.Node,
        DefaultSeverity: Severity.High,
        Description: "The user data of the launch template a managed node group launches from holds a secret-like literal: an assignment to a name such as PASSWORD, TOKEN or API_KEY, an AWS access key id, or a private key block. User data is readable by anyone with ec2:DescribeLaunchTemplateVersions or ec2:DescribeInstanceAttribute, and from every pod that reaches the instance metadata service. The finding names the line and variable, never the value.",
        Remediation: "Remove the secret from the user data, rotate it, and have the node fetch it at boot from AWS Secrets Manager or SSM Parameter Store with the node role; create a launch template version without it and update the node group.",
        References: [References.EksInfrastructure, "Instance user data: https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html"],
        Sources: LaunchTemplateFindings.Sources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var (t, v) in LaunchTemplateFindings.Read(aws))
        {
            var secrets = UserDataSecrets.Find(v.UserData);
            if (secrets.Count == 0) continue;
            yield return LaunchTemplateFindings.Finding(Descriptor, Descriptor.DefaultSeverity, t, v,
                $"has secret-like values in its user data ({string.Join("; ", secrets)})", ("userData", string.Join("; ", secrets)));
        }
    }
}
