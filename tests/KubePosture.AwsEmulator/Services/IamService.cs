using System.Text;
using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>AWS IAM (awsQuery, XML, URL-encoded policy documents) from the fixture's iam section.</summary>
public sealed class IamService(AccountFixture fixture) : IEmulatedService
{
    public string Name => "iam";

    public IReadOnlyCollection<string> Operations { get; } =
        ["GetRole", "ListAttachedRolePolicies", "ListRolePolicies", "GetRolePolicy", "GetPolicy", "GetPolicyVersion"];

    public IEnumerable<JsonObject> Roles => AccountFixture.Objects(fixture.Section("iam")["roles"]);

    private IEnumerable<JsonObject> Policies => AccountFixture.Objects(fixture.Section("iam")["policies"]);

    public string RoleArn(JsonObject role) =>
        $"arn:{fixture.Partition}:iam::{fixture.Account}:role{AccountFixture.Str(role, "path") ?? "/"}{AccountFixture.Str(role, "roleName")}";

    public JsonObject? FindRoleByArn(string arn) => Roles.FirstOrDefault(r => RoleArn(r) == arn);

    public EmulatorResponse Handle(EmulatorRequest r) => r.Operation switch
    {
        "GetRole" => GetRole(r),
        "ListAttachedRolePolicies" => ListAttached(r),
        "ListRolePolicies" => ListInline(r),
        "GetRolePolicy" => GetRolePolicy(r),
        "GetPolicy" => GetPolicy(r),
        "GetPolicyVersion" => GetPolicyVersion(r),
        _ => throw new EmulatorErrorException(400, "InvalidAction", $"Could not find operation {r.Operation} for version 2010-05-08"),
    };

    private JsonObject Role(EmulatorRequest r)
    {
        var name = r.RequiredParam("RoleName");
        return Roles.FirstOrDefault(x => AccountFixture.Str(x, "roleName") == name)
            ?? throw new EmulatorErrorException(404, "NoSuchEntity", $"The role with name {name} cannot be found.");
    }

    private EmulatorResponse GetRole(EmulatorRequest r)
    {
        var role = Role(r);
        var xml = new StringBuilder("<Role>")
            .Append(Wire.El("Path", AccountFixture.Str(role, "path") ?? "/"))
            .Append(Wire.El("RoleName", AccountFixture.Str(role, "roleName")))
            .Append(Wire.El("RoleId", AccountFixture.Str(role, "roleId") ?? "AROA" + Math.Abs(AccountFixture.Str(role, "roleName")!.GetHashCode(StringComparison.Ordinal)).ToString("D12", System.Globalization.CultureInfo.InvariantCulture)))
            .Append(Wire.El("Arn", RoleArn(role)))
            .Append(Wire.El("CreateDate", Wire.Iso(role["createDate"]) ?? "2025-01-01T00:00:00Z"))
            .Append(Wire.El("AssumeRolePolicyDocument", Wire.PolicyDocument(role["assumeRolePolicyDocument"])))
            .Append(Wire.El("MaxSessionDuration", role["maxSessionDuration"] ?? JsonValue.Create(3600)));
        if (Wire.Iso(role["lastUsedDate"]) is { } lastUsed)
            xml.Append("<RoleLastUsed>").Append(Wire.El("LastUsedDate", lastUsed)).Append(Wire.El("Region", fixture.Region)).Append("</RoleLastUsed>");
        xml.Append("</Role>");
        return Wire.QueryResult("iam", "GetRole", xml.ToString());
    }

    private EmulatorResponse ListAttached(EmulatorRequest r)
    {
        var role = Role(r);
        var arns = (role["attachedPolicies"] as JsonArray)?.Select(a => a!.GetValue<string>()).ToList() ?? [];
        return Paged(r, "ListAttachedRolePolicies", "AttachedPolicies", arns, arn =>
        {
            var policyName = Policies.FirstOrDefault(p => AccountFixture.Str(p, "arn") == arn) is { } p ? AccountFixture.Str(p, "policyName") : arn[(arn.LastIndexOf('/') + 1)..];
            return $"<member>{Wire.El("PolicyName", policyName)}{Wire.El("PolicyArn", arn)}</member>";
        });
    }

    private EmulatorResponse ListInline(EmulatorRequest r)
    {
        var role = Role(r);
        var names = AccountFixture.Objects(role["inlinePolicies"]).Select(p => AccountFixture.Str(p, "policyName") ?? "").ToList();
        return Paged(r, "ListRolePolicies", "PolicyNames", names, n => $"<member>{Wire.X(n)}</member>");
    }

    private EmulatorResponse Paged(EmulatorRequest r, string operation, string listName, List<string> all, Func<string, string> member)
    {
        var maxItems = int.TryParse(r.Param("MaxItems"), out var m) ? m : 100;
        var (items, next) = Paging.Page(all, r.Param("Marker"), maxItems, fixture.PageSize, "InvalidInput");
        var xml = new StringBuilder($"<{listName}>");
        foreach (var i in items) xml.Append(member(i));
        xml.Append($"</{listName}><IsTruncated>{(next is null ? "false" : "true")}</IsTruncated>");
        if (next is not null) xml.Append(Wire.El("Marker", next));
        return Wire.QueryResult("iam", operation, xml.ToString());
    }

    private EmulatorResponse GetRolePolicy(EmulatorRequest r)
    {
        var role = Role(r);
        var name = r.RequiredParam("PolicyName");
        var policy = AccountFixture.Objects(role["inlinePolicies"]).FirstOrDefault(p => AccountFixture.Str(p, "policyName") == name)
            ?? throw new EmulatorErrorException(404, "NoSuchEntity", $"The role policy with name {name} cannot be found.");
        return Wire.QueryResult("iam", "GetRolePolicy",
            Wire.El("RoleName", AccountFixture.Str(role, "roleName")) + Wire.El("PolicyName", name) + Wire.El("PolicyDocument", Wire.PolicyDocument(policy["policyDocument"])));
    }

    private JsonObject Policy(EmulatorRequest r)
    {
        var arn = r.RequiredParam("PolicyArn");
        return Policies.FirstOrDefault(p => AccountFixture.Str(p, "arn") == arn)
            ?? throw new EmulatorErrorException(404, "NoSuchEntity", $"Policy {arn} does not exist or is not attachable.");
    }

    private EmulatorResponse GetPolicy(EmulatorRequest r)
    {
        var p = Policy(r);
        var arn = AccountFixture.Str(p, "arn")!;
        var attachments = Roles.Count(role => (role["attachedPolicies"] as JsonArray)?.Any(a => a?.GetValue<string>() == arn) == true);
        var xml = "<Policy>" + Wire.El("PolicyName", AccountFixture.Str(p, "policyName")) + Wire.El("PolicyId", AccountFixture.Str(p, "policyId") ?? "ANPAEXAMPLE1234567890")
            + Wire.El("Arn", arn) + Wire.El("Path", AccountFixture.Str(p, "path") ?? "/") + Wire.El("DefaultVersionId", AccountFixture.Str(p, "defaultVersionId") ?? "v1")
            + Wire.El("AttachmentCount", attachments.ToString(System.Globalization.CultureInfo.InvariantCulture))
            + "<PermissionsBoundaryUsageCount>0</PermissionsBoundaryUsageCount><IsAttachable>true</IsAttachable>"
            + Wire.El("CreateDate", Wire.Iso(p["createDate"]) ?? "2025-01-01T00:00:00Z") + Wire.El("UpdateDate", Wire.Iso(p["updateDate"]) ?? "2025-01-01T00:00:00Z")
            + "</Policy>";
        return Wire.QueryResult("iam", "GetPolicy", xml);
    }

    private EmulatorResponse GetPolicyVersion(EmulatorRequest r)
    {
        var p = Policy(r);
        var versionId = r.RequiredParam("VersionId");
        var version = AccountFixture.Objects(p["versions"]).FirstOrDefault(v => AccountFixture.Str(v, "versionId") == versionId)
            ?? throw new EmulatorErrorException(404, "NoSuchEntity", $"Policy {AccountFixture.Str(p, "arn")} version {versionId} does not exist or is not attachable.");
        var xml = "<PolicyVersion>" + Wire.El("Document", Wire.PolicyDocument(version["document"])) + Wire.El("VersionId", versionId)
            + Wire.El("IsDefaultVersion", (AccountFixture.Str(p, "defaultVersionId") ?? "v1") == versionId ? "true" : "false")
            + Wire.El("CreateDate", Wire.Iso(version["createDate"]) ?? "2025-01-01T00:00:00Z") + "</PolicyVersion>";
        return Wire.QueryResult("iam", "GetPolicyVersion", xml);
    }
}
