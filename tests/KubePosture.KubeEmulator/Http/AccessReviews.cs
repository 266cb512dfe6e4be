using System.Text.Json.Nodes;
using KubePosture.KubeEmulator.Security;

namespace KubePosture.KubeEmulator.Http;

/// <summary>
/// authorization.k8s.io SelfSubjectAccessReview, SubjectAccessReview, LocalSubjectAccessReview,
/// SelfSubjectRulesReview and authentication.k8s.io TokenReview, SelfSubjectReview: nothing is stored, the
/// request comes back with its status filled in (kubectl auth can-i / whoami use these).
/// </summary>
internal sealed class AccessReviews
{
    private readonly RbacAuthorizer _rbac;
    private readonly TokenAuthenticator _tokens;

    public AccessReviews(RbacAuthorizer rbac, TokenAuthenticator tokens)
    {
        _rbac = rbac;
        _tokens = tokens;
    }

    public JsonObject Handle(string resource, string urlNamespace, JsonObject body, UserInfo requester)
    {
        var spec = body["spec"] as JsonObject ?? [];
        body["metadata"] ??= new JsonObject();
        switch (resource)
        {
            case "selfsubjectaccessreviews":
                body["status"] = Review(requester, spec);
                break;
            case "subjectaccessreviews":
            case "localsubjectaccessreviews":
                {
                    var groups = (spec["groups"] as JsonArray)?.Select(g => g!.GetValue<string>()).ToList() ?? [];
                    var user = spec["user"]?.GetValue<string>() ?? "";
                    if (user.Length == 0 && groups.Count == 0) throw ApiException.BadRequest("spec.user or spec.groups is required");
                    if (resource == "localsubjectaccessreviews" && spec["resourceAttributes"] is JsonObject ra)
                    {
                        var ns = ra["namespace"]?.GetValue<string>();
                        if (!string.IsNullOrEmpty(ns) && ns != urlNamespace)
                        {
                            throw ApiException.BadRequest($"spec.resourceAttributes.namespace must match namespace: {urlNamespace}");
                        }
                        ra["namespace"] = urlNamespace;
                    }
                    body["status"] = Review(new UserInfo(user, groups, spec["uid"]?.GetValue<string>() ?? ""), spec);
                    break;
                }
            case "selfsubjectrulesreviews":
                {
                    var ns = spec["namespace"]?.GetValue<string>() ?? "";
                    var rules = _rbac.RulesFor(requester, ns);
                    body["status"] = new JsonObject
                    {
                        ["resourceRules"] = new JsonArray(rules.Where(r => r.NonResourceUrls.Length == 0).Select(r =>
                        {
                            var o = r.ToJson();
                            o["apiGroups"] ??= new JsonArray();
                            o["resources"] ??= new JsonArray();
                            return (JsonNode?)o;
                        }).ToArray()),
                        ["nonResourceRules"] = new JsonArray(rules.Where(r => r.NonResourceUrls.Length > 0).Select(r => (JsonNode?)new JsonObject
                        {
                            ["verbs"] = new JsonArray(r.Verbs.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                            ["nonResourceURLs"] = new JsonArray(r.NonResourceUrls.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
                        }).ToArray()),
                        ["incomplete"] = false,
                    };
                    break;
                }
            case "tokenreviews":
                {
                    var token = spec["token"]?.GetValue<string>() ?? "";
                    var user = _tokens.Authenticate(token);
                    var status = new JsonObject { ["authenticated"] = user is not null };
                    if (user is not null) status["user"] = UserNode(user);
                    else status["error"] = "invalid bearer token";
                    status["audiences"] = spec["audiences"]?.DeepClone() ?? new JsonArray("https://kubernetes.default.svc");
                    body["status"] = status;
                    break;
                }
            case "selfsubjectreviews":
                body["status"] = new JsonObject { ["userInfo"] = UserNode(requester) };
                break;
            default:
                throw ApiException.MethodNotAllowed($"the server does not allow this method on the requested resource ({resource})");
        }
        return body;
    }

    private JsonObject Review(UserInfo user, JsonObject spec)
    {
        AuthorizationAttributes attributes;
        if (spec["resourceAttributes"] is JsonObject ra)
        {
            attributes = new AuthorizationAttributes
            {
                IsResourceRequest = true,
                Verb = ra["verb"]?.GetValue<string>() ?? "",
                Namespace = ra["namespace"]?.GetValue<string>() ?? "",
                ApiGroup = ra["group"]?.GetValue<string>() ?? "",
                ApiVersion = ra["version"]?.GetValue<string>() ?? "",
                Resource = ra["resource"]?.GetValue<string>() ?? "",
                Subresource = ra["subresource"]?.GetValue<string>() ?? "",
                Name = ra["name"]?.GetValue<string>() ?? "",
            };
        }
        else if (spec["nonResourceAttributes"] is JsonObject nra)
        {
            attributes = new AuthorizationAttributes
            {
                Verb = nra["verb"]?.GetValue<string>() ?? "",
                Path = nra["path"]?.GetValue<string>() ?? "",
            };
        }
        else
        {
            throw ApiException.BadRequest("exactly one of spec.resourceAttributes and spec.nonResourceAttributes must be specified");
        }
        var decision = _rbac.Authorize(user, attributes);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Allowed) status["reason"] = user.IsMaster ? "" : "RBAC: allowed by a binding";
        else if (decision.Reason.Length > 0) status["evaluationError"] = decision.Reason;
        return status;
    }

    private static JsonObject UserNode(UserInfo user)
    {
        var node = new JsonObject
        {
            ["username"] = user.Name,
            ["groups"] = new JsonArray(user.Groups.Select(g => (JsonNode?)JsonValue.Create(g)).ToArray()),
        };
        if (user.Uid.Length > 0) node["uid"] = user.Uid;
        return node;
    }
}
