using System.Text.Json;
using KubePosture.Checks.Engine;

namespace KubePosture.Checks.Semantics.Aws;

/// <summary>Resource policies (ECR repository policies, KMS key policies): which statements let any principal in.</summary>
public static class ResourcePolicies
{
    /// <summary>"Sid X: ecr:BatchGetImage, ..." for each unconditioned Allow with a wildcard principal; not evaluated when the text is not JSON.</summary>
    public static List<string> OpenStatements(string policy, string what)
    {
        var open = new List<string>();
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(policy);
        }
        catch (JsonException ex)
        {
            throw new CheckNotEvaluatedException($"{what} is not valid JSON: {ex.Message}");
        }

        using (doc)
        {
            if (!doc.RootElement.TryGetProperty("Statement", out var statements))
                return open;
            var list = statements.ValueKind == JsonValueKind.Array ? statements.EnumerateArray().ToList() : [statements];
            for (var i = 0; i < list.Count; i++)
            {
                var s = list[i];
                if (!s.TryGetProperty("Effect", out var effect) || effect.GetString() != "Allow")
                    continue;
                if (s.TryGetProperty("Condition", out var condition) && condition.ValueKind == JsonValueKind.Object && condition.EnumerateObject().Any())
                    continue;
                if (!s.TryGetProperty("Principal", out var principal) || !IsWildcard(principal))
                    continue;
                var sid = s.TryGetProperty("Sid", out var sidValue) ? sidValue.GetString() : null;
                var actions = s.TryGetProperty("Action", out var action)
                    ? action.ValueKind == JsonValueKind.Array ? string.Join(", ", action.EnumerateArray().Select(a => a.GetString())) : action.GetString()
                    : "NotAction";
                open.Add($"{(string.IsNullOrEmpty(sid) ? $"Statement[{i}]" : $"Sid {sid}")}: {actions}");
            }
        }

        return open;
    }

    private static bool IsWildcard(JsonElement principal) => principal.ValueKind switch
    {
        JsonValueKind.String => principal.GetString() == "*",
        JsonValueKind.Object => principal.TryGetProperty("AWS", out var aws)
                                && (aws.ValueKind == JsonValueKind.String ? aws.GetString() == "*" : aws.ValueKind == JsonValueKind.Array && aws.EnumerateArray().Any(a => a.GetString() == "*")),
        _ => false,
    };
}
