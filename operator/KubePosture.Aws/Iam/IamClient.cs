using KubePosture.Aws.Caching;
using KubePosture.Aws.Http;
using KubePosture.Aws.Ports;
using KubePosture.Checks.Aws;
using Op = KubePosture.Aws.AwsOperations;

namespace KubePosture.Aws.Iam;

/// <summary>AWS IAM over awsQuery (global endpoint, signed in the partition's home region). Cached for the IAM TTL.</summary>
internal sealed class IamClient(QueryChannel channel, DescribeCache cache) : IIamPort
{
    public const string ApiVersion = "2010-05-08";

    public Task<IamRole?> GetRoleAsync(string roleName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.IamGetRole, roleName, async ct =>
        {
            try
            {
                var role = (await channel.CallAsync(Op.IamGetRole, [new("RoleName", roleName)], ct)).RequiredElement("Role");
                return new IamRole(role.RequiredString("RoleName"), role.RequiredString("Arn"), role.String("RoleId") ?? "", role.String("Path") ?? "/",
                    role.UrlEncodedDocument("AssumeRolePolicyDocument") ?? "", role.Time("CreateDate"), role.Int("MaxSessionDuration"),
                    role.Element("RoleLastUsed")?.Time("LastUsedDate"));
            }
            catch (AwsServiceException e) when (e.ErrorCode == "NoSuchEntity")
            {
                return (IamRole?)null;
            }
        }, cancellationToken);

    public Task<IReadOnlyList<IamAttachedPolicy>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.IamListAttachedRolePolicies, roleName, async ct => (IReadOnlyList<IamAttachedPolicy>)await PaginateAsync(Op.IamListAttachedRolePolicies, roleName,
            r => r.Members("AttachedPolicies").Select(m => new IamAttachedPolicy(m.RequiredString("PolicyName"), m.RequiredString("PolicyArn"))), ct), cancellationToken);

    public Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.IamListRolePolicies, roleName, async ct => (IReadOnlyList<string>)await PaginateAsync(Op.IamListRolePolicies, roleName,
            r => r.Members("PolicyNames").Select(m => m.Value), ct), cancellationToken);

    public Task<IamPolicyDocument> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.IamGetRolePolicy, $"{roleName}/{policyName}", async ct =>
        {
            var r = await channel.CallAsync(Op.IamGetRolePolicy, [new("RoleName", roleName), new("PolicyName", policyName)], ct);
            return new IamPolicyDocument(r.RequiredString("PolicyName"), null, null, r.UrlEncodedDocument("PolicyDocument") ?? "");
        }, cancellationToken);

    public Task<IamManagedPolicy> GetPolicyAsync(string policyArn, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.IamGetPolicy, policyArn, async ct =>
        {
            var p = (await channel.CallAsync(Op.IamGetPolicy, [new("PolicyArn", policyArn)], ct)).RequiredElement("Policy");
            return new IamManagedPolicy(p.RequiredString("PolicyName"), p.RequiredString("Arn"), p.RequiredString("DefaultVersionId"),
                p.Int("AttachmentCount") ?? 0, p.Time("UpdateDate"));
        }, cancellationToken);

    public Task<IamPolicyDocument> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken) =>
        cache.GetAsync(Op.IamGetPolicyVersion, $"{policyArn}/{versionId}", async ct =>
        {
            var v = (await channel.CallAsync(Op.IamGetPolicyVersion, [new("PolicyArn", policyArn), new("VersionId", versionId)], ct)).RequiredElement("PolicyVersion");
            var name = AwsArn.TryParse(policyArn, out var arn) ? arn.ResourceName : policyArn;
            return new IamPolicyDocument(name, policyArn, v.String("VersionId") ?? versionId, v.UrlEncodedDocument("Document") ?? "");
        }, cancellationToken);

    private async Task<List<T>> PaginateAsync<T>(AwsOperation operation, string roleName, Func<XmlView, IEnumerable<T>> items, CancellationToken cancellationToken)
    {
        var all = new List<T>();
        string? marker = null;
        do
        {
            var parameters = new List<KeyValuePair<string, string>> { new("RoleName", roleName) };
            if (marker is not null) parameters.Add(new("Marker", marker));
            parameters.Add(new("MaxItems", "100"));
            var result = await channel.CallAsync(operation, parameters, cancellationToken);
            all.AddRange(items(result));
            var previous = marker;
            marker = result.Bool("IsTruncated") ? result.RequiredString("Marker") : null;
            if (marker is not null && marker == previous)
                throw new AwsMalformedResponseException(operation.Service, operation.Name, "Marker", $"the same marker \"{marker}\" came back twice; pagination would not end");
        }
        while (marker is not null);
        return all;
    }
}
