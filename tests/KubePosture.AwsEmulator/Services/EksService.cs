using System.Text.Json.Nodes;
using KubePosture.AwsEmulator.Fixture;
using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>Amazon EKS (restJson1) from the fixture's eks section. Labels arrive percent-decoded in request order.</summary>
public sealed class EksService(AccountFixture fixture) : IEmulatedService
{
    private static readonly string[] Internal = ["nodegroups", "accessEntries", "podIdentityAssociations", "addons"];

    public string Name => "eks";

    public IReadOnlyCollection<string> Operations { get; } =
    [
        "DescribeCluster", "ListNodegroups", "DescribeNodegroup", "ListAccessEntries", "DescribeAccessEntry", "ListAssociatedAccessPolicies",
        "ListPodIdentityAssociations", "DescribePodIdentityAssociation", "ListAddons", "DescribeAddon", "DescribeAddonVersions", "DescribeClusterVersions",
    ];

    /// <summary>Maps a GET path's segments (already split and decoded) to an operation and its labels.</summary>
    public static (string Operation, string[] Labels)? Route(IReadOnlyList<string> s) => s switch
    {
        ["clusters", var n] => ("DescribeCluster", [n]),
        ["clusters", var n, "node-groups"] => ("ListNodegroups", [n]),
        ["clusters", var n, "node-groups", var g] => ("DescribeNodegroup", [n, g]),
        ["clusters", var n, "access-entries"] => ("ListAccessEntries", [n]),
        ["clusters", var n, "access-entries", var p] => ("DescribeAccessEntry", [n, p]),
        ["clusters", var n, "access-entries", var p, "access-policies"] => ("ListAssociatedAccessPolicies", [n, p]),
        ["clusters", var n, "pod-identity-associations"] => ("ListPodIdentityAssociations", [n]),
        ["clusters", var n, "pod-identity-associations", var a] => ("DescribePodIdentityAssociation", [n, a]),
        ["clusters", var n, "addons"] => ("ListAddons", [n]),
        ["clusters", var n, "addons", var a] => ("DescribeAddon", [n, a]),
        ["addons", "supported-versions"] => ("DescribeAddonVersions", []),
        ["cluster-versions"] => ("DescribeClusterVersions", []),
        _ => null,
    };

    private string Arn(string resource) => $"arn:{fixture.Partition}:eks:{fixture.Region}:{fixture.Account}:{resource}";

    public EmulatorResponse Handle(EmulatorRequest r)
    {
        switch (r.Operation)
        {
            case "DescribeAddonVersions":
            {
                var addonName = r.Param("addonName");
                var k8s = r.Param("kubernetesVersion");
                var addons = AccountFixture.Objects(fixture.Section("eks")["addonVersions"])
                    .Where(a => addonName is null || AccountFixture.Str(a, "addonName") == addonName)
                    .Select(a =>
                    {
                        var copy = (JsonObject)a.DeepClone();
                        if (k8s is not null && copy["addonVersions"] is JsonArray versions)
                            copy["addonVersions"] = new JsonArray(versions.OfType<JsonObject>()
                                .Where(v => AccountFixture.Objects(v["compatibilities"]).Any(c => AccountFixture.Str(c, "clusterVersion") == k8s))
                                .Select(v => v.DeepClone()).ToArray());
                        return copy;
                    }).ToList();
                return Page(r, addons.Cast<JsonNode>().ToList(), "addons");
            }
            case "DescribeClusterVersions":
                return Page(r, AccountFixture.Objects(fixture.Section("eks")["clusterVersions"]).Select(v => v.DeepClone()).ToList(), "clusterVersions");
        }

        var cluster = AccountFixture.Objects(fixture.Section("eks")["clusters"]).FirstOrDefault(c => AccountFixture.Str(c, "name") == r.Labels[0])
            ?? throw NotFound($"No cluster found for name: {r.Labels[0]}.");
        var name = r.Labels[0];
        switch (r.Operation)
        {
            case "DescribeCluster":
            {
                var o = new JsonObject { ["name"] = name, ["arn"] = Arn("cluster/" + name) };
                foreach (var (k, v) in cluster)
                    if (!Internal.Contains(k) && !o.ContainsKey(k)) o[k] = v?.DeepClone();
                o["status"] ??= "ACTIVE";
                return Wire.Json(new JsonObject { ["cluster"] = o }, EmulatorProtocol.RestJson);
            }
            case "ListNodegroups":
                return Page(r, Names(cluster["nodegroups"], "nodegroupName"), "nodegroups");
            case "DescribeNodegroup":
            {
                var ng = Find(cluster["nodegroups"], "nodegroupName", r.Labels[1], $"No node group found for name: {r.Labels[1]}.");
                var o = (JsonObject)ng.DeepClone();
                o["clusterName"] = name;
                o["nodegroupArn"] ??= Arn($"nodegroup/{name}/{r.Labels[1]}/0ec8c2a1-1111-2222-3333-444455556666");
                o["status"] ??= "ACTIVE";
                return Wire.Json(new JsonObject { ["nodegroup"] = o }, EmulatorProtocol.RestJson);
            }
            case "ListAccessEntries":
                return Page(r, Names(cluster["accessEntries"], "principalArn"), "accessEntries");
            case "DescribeAccessEntry":
            {
                var e = Find(cluster["accessEntries"], "principalArn", r.Labels[1], $"The specified principalArn could not be found. You can view your available access entries with 'list-access-entries'.");
                var o = new JsonObject
                {
                    ["clusterName"] = name,
                    ["principalArn"] = AccountFixture.Str(e, "principalArn"),
                    ["kubernetesGroups"] = e["kubernetesGroups"]?.DeepClone() ?? new JsonArray(),
                    ["accessEntryArn"] = Arn($"access-entry/{name}/role/{fixture.Account}/entry"),
                    ["username"] = AccountFixture.Str(e, "username") ?? AccountFixture.Str(e, "principalArn"),
                    ["type"] = AccountFixture.Str(e, "type") ?? "STANDARD",
                    ["tags"] = new JsonObject(),
                };
                return Wire.Json(new JsonObject { ["accessEntry"] = o }, EmulatorProtocol.RestJson);
            }
            case "ListAssociatedAccessPolicies":
            {
                var e = Find(cluster["accessEntries"], "principalArn", r.Labels[1], "The specified principalArn could not be found.");
                var policies = AccountFixture.Objects(e["accessPolicies"]).Select(p => (JsonNode)new JsonObject
                {
                    ["policyArn"] = AccountFixture.Str(p, "policyArn"),
                    ["accessScope"] = p["accessScope"]?.DeepClone() ?? new JsonObject { ["type"] = "cluster", ["namespaces"] = new JsonArray() },
                    ["associatedAt"] = p["associatedAt"]?.DeepClone() ?? 1735689600.0,
                    ["modifiedAt"] = p["associatedAt"]?.DeepClone() ?? 1735689600.0,
                }).ToList();
                var (items, next) = Paging.Page(policies, r.Param("nextToken"), r.IntParam("maxResults"), fixture.PageSize);
                var body = new JsonObject
                {
                    ["clusterName"] = name,
                    ["principalArn"] = r.Labels[1],
                    ["associatedAccessPolicies"] = new JsonArray(items.Select(i => i.DeepClone()).ToArray()),
                };
                if (next is not null) body["nextToken"] = next;
                return Wire.Json(body, EmulatorProtocol.RestJson);
            }
            case "ListPodIdentityAssociations":
            {
                var ns = r.Param("namespace");
                var sa = r.Param("serviceAccount");
                var summaries = AccountFixture.Objects(cluster["podIdentityAssociations"])
                    .Where(a => (ns is null || AccountFixture.Str(a, "namespace") == ns) && (sa is null || AccountFixture.Str(a, "serviceAccount") == sa))
                    .Select(a => (JsonNode)new JsonObject
                    {
                        ["clusterName"] = name,
                        ["namespace"] = AccountFixture.Str(a, "namespace"),
                        ["serviceAccount"] = AccountFixture.Str(a, "serviceAccount"),
                        ["associationArn"] = Arn($"podidentityassociation/{name}/{AccountFixture.Str(a, "associationId")}"),
                        ["associationId"] = AccountFixture.Str(a, "associationId"),
                    }).ToList();
                return Page(r, summaries, "associations");
            }
            case "DescribePodIdentityAssociation":
            {
                var a = Find(cluster["podIdentityAssociations"], "associationId", r.Labels[1], $"No association found for id: {r.Labels[1]}.");
                var o = (JsonObject)a.DeepClone();
                o["clusterName"] = name;
                o["associationArn"] = Arn($"podidentityassociation/{name}/{r.Labels[1]}");
                o["tags"] ??= new JsonObject();
                o["createdAt"] ??= 1735689600.0;
                o["modifiedAt"] ??= 1735689600.0;
                return Wire.Json(new JsonObject { ["association"] = o }, EmulatorProtocol.RestJson);
            }
            case "ListAddons":
                return Page(r, Names(cluster["addons"], "addonName"), "addons");
            case "DescribeAddon":
            {
                var a = Find(cluster["addons"], "addonName", r.Labels[1], $"No addon: {r.Labels[1]} found in cluster: {name}");
                var o = (JsonObject)a.DeepClone();
                o["clusterName"] = name;
                o["addonArn"] ??= Arn($"addon/{name}/{r.Labels[1]}/00000000-0000-0000-0000-000000000000");
                o["status"] ??= "ACTIVE";
                o["health"] ??= new JsonObject { ["issues"] = new JsonArray() };
                o["tags"] ??= new JsonObject();
                return Wire.Json(new JsonObject { ["addon"] = o }, EmulatorProtocol.RestJson);
            }
            default:
                throw new EmulatorErrorException(404, "UnknownOperationException", r.Operation);
        }
    }

    private static EmulatorErrorException NotFound(string message) => new(404, "ResourceNotFoundException", message);

    private static JsonObject Find(JsonNode? list, string key, string value, string message) =>
        AccountFixture.Objects(list).FirstOrDefault(o => AccountFixture.Str(o, key) == value) ?? throw NotFound(message);

    private static List<JsonNode> Names(JsonNode? list, string key) =>
        AccountFixture.Objects(list).Select(o => (JsonNode)JsonValue.Create(AccountFixture.Str(o, key) ?? "")).ToList();

    private EmulatorResponse Page(EmulatorRequest r, List<JsonNode> all, string field)
    {
        var (items, next) = Paging.Page(all, r.Param("nextToken"), r.IntParam("maxResults"), fixture.PageSize);
        return Wire.Json(Paging.JsonBody(field, items.Select(i => i.DeepClone()), next), EmulatorProtocol.RestJson);
    }
}
