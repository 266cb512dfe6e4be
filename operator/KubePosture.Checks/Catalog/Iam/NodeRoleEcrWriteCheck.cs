using KubePosture.Checks.Engine;
using KubePosture.Checks.Inventory;
using KubePosture.Checks.Model;
using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Catalog.Iam;

public sealed class NodeRoleEcrWriteCheck : ICheck
{
    /// <summary>ECR actions beyond pulling: pushing layers and images, deleting them, changing repositories and their policies.</summary>
    public static IReadOnlyList<string> WriteActions { get; } =
    [
        "ecr:PutImage", "ecr:InitiateLayerUpload", "ecr:UploadLayerPart", "ecr:CompleteLayerUpload", "ecr:BatchDeleteImage",
        "ecr:CreateRepository", "ecr:DeleteRepository", "ecr:SetRepositoryPolicy", "ecr:DeleteRepositoryPolicy",
        "ecr:PutImageTagMutability", "ecr:PutLifecyclePolicy",
    ];

    public CheckDescriptor Descriptor { get; } = new(
        Id: "iam.node-role-ecr-write",
        Title: "Node IAM role can push to or change ECR",
        Category: CheckCategory.Iam,
        DefaultSeverity: Severity.High,
        Description: "Nodes only need to pull images. A node role that may push images, delete them or change repositories lets any pod that reaches the node's credentials (IMDS, hostNetwork) replace the images other workloads run. Explicit Denies in the role's policies are honoured.",
        Remediation: "Give the node role AmazonEC2ContainerRegistryPullOnly (or ReadOnly) instead of AmazonEC2ContainerRegistryPowerUser/FullAccess or ecr:* statements; push from CI with its own role.",
        References: ["CIS EKS Benchmark 5.1.3", References.EksImage, "Amazon ECR managed policies: https://docs.aws.amazon.com/AmazonECR/latest/userguide/security-iam-awsmanpol.html"],
        Sources: IamRoleFindings.NodeRoleSources,
        ClusterScoped: true,
        RequiresAws: true);

    public IEnumerable<Finding> Evaluate(ClusterInventory inventory)
    {
        if (inventory.Aws is not { } aws) yield break;
        foreach (var (role, policies) in IamRoleFindings.NodeRoles(aws))
        {
            foreach (var f in IamRoleFindings.ParseErrors(Descriptor, role, policies)) yield return f;
            var allowed = WriteActions.Select(a => policies.Permissions.Evaluate(a, "*")).Where(d => d.Allowed).ToArray();
            if (allowed.Length == 0) continue;
            var details = IamRoleFindings.Details(role, allowed);
            yield return new Finding(Descriptor.Id, Descriptor.DefaultSeverity, RolePolicies.Ref(role.Arn),
                $"node role {role.Name} ({IamRoleFindings.Uses(role)}) may change ECR: {ListText.FirstFew([.. allowed.Select(d => d.Action)], 4)} ({allowed[0].Describe()})", details);
        }
    }
}
