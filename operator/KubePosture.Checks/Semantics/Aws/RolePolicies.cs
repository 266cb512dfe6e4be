using System.Runtime.CompilerServices;
using KubePosture.Checks.Aws;
using KubePosture.Checks.Model;

namespace KubePosture.Checks.Semantics.Aws;

/// <summary>
/// The parsed identity policies of a role (inline and the default version of each attached managed policy), parsed
/// once per <see cref="IamRolePermissions"/> and shared by the iam.* and linked.* checks of a scan. Documents that do
/// not parse are listed in <see cref="Errors"/> (never silently dropped) and left out of the evaluation.
/// </summary>
public sealed class RolePolicies
{
    private static readonly ConditionalWeakTable<IamRolePermissions, RolePolicies> Cache = [];

    private RolePolicies(IamRolePermissions permissions)
    {
        var policies = new List<IamPolicy>();
        var errors = new List<string>();
        foreach (var doc in permissions.Documents)
        {
            var source = doc.PolicyArn is null
                ? $"inline policy {doc.PolicyName}"
                : $"managed policy {doc.PolicyName} ({doc.PolicyArn} {doc.VersionId})";
            try
            {
                policies.Add(IamPolicy.Parse(doc.Document, source));
            }
            catch (IamPolicyFormatException e)
            {
                errors.Add(e.Message);
            }
        }
        Permissions = new IamPermissions(policies);
        Errors = errors;
        AdministratorAccessAttached = permissions.AttachedPolicies.Any(p => p.PolicyArn.EndsWith(":policy/AdministratorAccess", StringComparison.Ordinal));
    }

    public IamPermissions Permissions { get; }

    public IReadOnlyList<string> Errors { get; }

    /// <summary>The AWS managed AdministratorAccess policy is attached (whatever its document says).</summary>
    public bool AdministratorAccessAttached { get; }

    public static RolePolicies For(IamRolePermissions permissions) => Cache.GetValue(permissions, p => new RolePolicies(p));

    /// <summary>Full admin: AdministratorAccess attached or * on * allowed and not denied.</summary>
    public bool IsAdmin(out string evidence)
    {
        var admin = Permissions.Admin();
        if (admin.Allowed)
        {
            evidence = admin.Describe();
            return true;
        }
        if (AdministratorAccessAttached && admin.DeniedBy.Count == 0)
        {
            evidence = "managed policy AdministratorAccess is attached";
            return true;
        }
        evidence = "";
        return false;
    }

    /// <summary>The role as a finding resource: AWS resources have no namespace; the name is the ARN.</summary>
    public static ResourceRef Ref(string roleArn) => AwsResources.IamRole(roleArn);
}
