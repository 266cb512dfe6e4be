using System.Text.Json;

namespace KubePosture.Checks.Semantics.Aws;

/// <summary>
/// A parsed IAM policy document (identity or trust policy). Accepts the URL-encoded JSON IAM returns
/// (GetRolePolicy, GetPolicyVersion, GetRole's AssumeRolePolicyDocument) as well as plain JSON; Statement as one
/// object or an array; Action/NotAction, Resource/NotResource, Principal/NotPrincipal as a string or an array.
/// </summary>
public sealed record IamPolicy(string Source, string? Version, IReadOnlyList<IamStatement> Statements)
{
    /// <summary>Parses a document; <paramref name="source"/> names it in errors ("role app inline policy s3").</summary>
    /// <exception cref="IamPolicyFormatException">The text is not an IAM policy document; the message says where.</exception>
    public static IamPolicy Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var json = Decode(text, source);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new IamPolicyFormatException(source, $"not JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new IamPolicyFormatException(source, $"expected a JSON object, got {root.ValueKind}");
            string? version = null;
            JsonElement? statements = null;
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("Version")) version = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                else if (property.NameEquals("Statement")) statements = property.Value;
            }
            if (statements is not { } s)
                throw new IamPolicyFormatException(source, "no Statement");
            var list = new List<IamStatement>();
            switch (s.ValueKind)
            {
                case JsonValueKind.Object:
                    list.Add(ParseStatement(s, source, 0));
                    break;
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in s.EnumerateArray())
                    {
                        if (item.ValueKind != JsonValueKind.Object)
                            throw new IamPolicyFormatException(source, $"Statement[{i}]: expected an object, got {item.ValueKind}");
                        list.Add(ParseStatement(item, source, i++));
                    }
                    break;
                default:
                    throw new IamPolicyFormatException(source, $"Statement: expected an object or an array, got {s.ValueKind}");
            }
            return new IamPolicy(source, version, list);
        }
    }

    /// <summary>IAM returns documents URL-encoded (RFC 3986); plain JSON starts with '{' after whitespace.</summary>
    private static string Decode(string text, string source)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('{') || trimmed.StartsWith('[')) return trimmed;
        if (trimmed.Length == 0) throw new IamPolicyFormatException(source, "empty document");
        try
        {
            var decoded = Uri.UnescapeDataString(trimmed.Replace('+', ' ')).Trim();
            if (decoded.StartsWith('{')) return decoded;
        }
        catch (UriFormatException)
        {
        }
        throw new IamPolicyFormatException(source, $"neither JSON nor URL-encoded JSON (starts with \"{Truncate(trimmed)}\")");
    }

    private static string Truncate(string text) => text.Length <= 20 ? text : text[..20] + "...";

    private static IamStatement ParseStatement(JsonElement element, string source, int index)
    {
        string? sid = null, effect = null;
        IReadOnlyList<string>? action = null, notAction = null, resource = null, notResource = null;
        IamPrincipal? principal = null, notPrincipal = null;
        var conditions = new List<IamCondition>();
        var where = $"Statement[{index}]";
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name)
            {
                case "Sid": sid = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText(); break;
                case "Effect": effect = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null; break;
                case "Action": action = Strings(property.Value, source, $"{where}.Action"); break;
                case "NotAction": notAction = Strings(property.Value, source, $"{where}.NotAction"); break;
                case "Resource": resource = Strings(property.Value, source, $"{where}.Resource"); break;
                case "NotResource": notResource = Strings(property.Value, source, $"{where}.NotResource"); break;
                case "Principal": principal = ParsePrincipal(property.Value, source, $"{where}.Principal"); break;
                case "NotPrincipal": notPrincipal = ParsePrincipal(property.Value, source, $"{where}.NotPrincipal"); break;
                case "Condition": conditions.AddRange(ParseConditions(property.Value, source, $"{where}.Condition")); break;
                default: break;
            }
        }
        var parsedEffect = effect switch
        {
            "Allow" => IamEffect.Allow,
            "Deny" => IamEffect.Deny,
            null => throw new IamPolicyFormatException(source, $"{where}.Effect: missing; expected \"Allow\" or \"Deny\""),
            _ => throw new IamPolicyFormatException(source, $"{where}.Effect \"{effect}\": expected \"Allow\" or \"Deny\""),
        };
        if (action is not null && notAction is not null)
            throw new IamPolicyFormatException(source, $"{where}: both Action and NotAction; a statement has exactly one");
        if (action is null && notAction is null)
            throw new IamPolicyFormatException(source, $"{where}: neither Action nor NotAction");
        if (resource is not null && notResource is not null)
            throw new IamPolicyFormatException(source, $"{where}: both Resource and NotResource; a statement has at most one");
        return new IamStatement(index, sid, parsedEffect,
            action is not null ? new IamMatchSet(action, Negated: false) : new IamMatchSet(notAction!, Negated: true),
            resource is not null ? new IamMatchSet(resource, Negated: false)
                : notResource is not null ? new IamMatchSet(notResource, Negated: true)
                // Trust policies have no Resource: the role itself is the resource.
                : new IamMatchSet(["*"], Negated: false),
            principal, notPrincipal, conditions);
    }

    private static IReadOnlyList<string> Strings(JsonElement value, string source, string field) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => [.. value.EnumerateArray().Select((v, i) => v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new IamPolicyFormatException(source, $"{field}[{i}]: expected a string, got {v.ValueKind}"))],
        _ => throw new IamPolicyFormatException(source, $"{field}: expected a string or an array of strings, got {value.ValueKind}"),
    };

    private static IamPrincipal ParsePrincipal(JsonElement value, string source, string field)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString() == "*"
                ? new IamPrincipal(Anyone: true, new Dictionary<string, IReadOnlyList<string>>())
                : throw new IamPolicyFormatException(source, $"{field} \"{value.GetString()}\": a string principal must be \"*\"; use {{\"AWS\": ...}}");
        }
        if (value.ValueKind != JsonValueKind.Object)
            throw new IamPolicyFormatException(source, $"{field}: expected \"*\" or an object, got {value.ValueKind}");
        var map = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
            map[property.Name] = Strings(property.Value, source, $"{field}.{property.Name}");
        var anyone = map.TryGetValue("AWS", out var aws) && aws.Contains("*");
        return new IamPrincipal(anyone, map);
    }

    private static IEnumerable<IamCondition> ParseConditions(JsonElement value, string source, string field)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw new IamPolicyFormatException(source, $"{field}: expected an object of operators, got {value.ValueKind}");
        foreach (var op in value.EnumerateObject())
        {
            if (op.Value.ValueKind != JsonValueKind.Object)
                throw new IamPolicyFormatException(source, $"{field}.{op.Name}: expected an object of condition keys, got {op.Value.ValueKind}");
            foreach (var key in op.Value.EnumerateObject())
            {
                IReadOnlyList<string> values = key.Value.ValueKind switch
                {
                    JsonValueKind.String => [key.Value.GetString()!],
                    JsonValueKind.True or JsonValueKind.False or JsonValueKind.Number => [key.Value.GetRawText()],
                    JsonValueKind.Array => [.. key.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())],
                    _ => throw new IamPolicyFormatException(source, $"{field}.{op.Name}.{key.Name}: expected a string, boolean, number or array, got {key.Value.ValueKind}"),
                };
                yield return IamCondition.Create(op.Name, key.Name, values);
            }
        }
    }
}

public enum IamEffect
{
    Allow,
    Deny,
}

/// <summary>A policy statement. <see cref="Index"/> is its position (for evidence: "Statement[2]").</summary>
public sealed record IamStatement(
    int Index,
    string? Sid,
    IamEffect Effect,
    IamMatchSet Actions,
    IamMatchSet Resources,
    IamPrincipal? Principal,
    IamPrincipal? NotPrincipal,
    IReadOnlyList<IamCondition> Conditions)
{
    public bool HasConditions => Conditions.Count > 0;

    /// <summary>"Statement[1] (Sid AllowS3)".</summary>
    public string Label => Sid is { Length: > 0 } ? $"Statement[{Index}] (Sid {Sid})" : $"Statement[{Index}]";
}

/// <summary>
/// Action or Resource patterns; <see cref="Negated"/> for NotAction/NotResource (the statement applies to everything
/// the patterns do not match).
/// </summary>
public sealed record IamMatchSet(IReadOnlyList<string> Patterns, bool Negated)
{
    /// <summary>Whether the statement applies to every value the query pattern matches.</summary>
    public bool Covers(string query, bool ignoreCase) => Negated
        ? !Patterns.Any(p => IamGlob.Intersects(p, query, ignoreCase))
        : Patterns.Any(p => IamGlob.Covers(p, query, ignoreCase));

    /// <summary>Whether the statement applies to at least one value the query pattern matches.</summary>
    public bool Overlaps(string query, bool ignoreCase) => Negated
        ? !Patterns.Any(p => IamGlob.Covers(p, query, ignoreCase))
        : Patterns.Any(p => IamGlob.Intersects(p, query, ignoreCase));

    public override string ToString() => (Negated ? "all except " : "") + string.Join(", ", Patterns);
}

/// <summary>A Principal block: "*" (Anyone) or a map of AWS / Service / Federated / CanonicalUser to values.</summary>
public sealed record IamPrincipal(bool Anyone, IReadOnlyDictionary<string, IReadOnlyList<string>> Values)
{
    public IReadOnlyList<string> Get(string type) => Values.TryGetValue(type, out var v) ? v : [];
}

/// <summary>
/// One condition key under one operator. <see cref="Operator"/> is the base operator (StringEquals, StringLike, ...)
/// with set qualifiers (ForAnyValue:/ForAllValues:) and the IfExists suffix split off.
/// </summary>
public sealed record IamCondition(string RawOperator, string Operator, string? SetQualifier, bool IfExists, string Key, IReadOnlyList<string> Values)
{
    public static IamCondition Create(string rawOperator, string key, IReadOnlyList<string> values)
    {
        var op = rawOperator;
        string? qualifier = null;
        var colon = op.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            qualifier = op[..colon];
            op = op[(colon + 1)..];
        }
        var ifExists = op.EndsWith("IfExists", StringComparison.Ordinal);
        if (ifExists) op = op[..^"IfExists".Length];
        return new IamCondition(rawOperator, op, qualifier, ifExists, key, values);
    }

    /// <summary>Condition keys are case-insensitive.</summary>
    public bool KeyIs(string key) => string.Equals(Key, key, StringComparison.OrdinalIgnoreCase);

    public override string ToString() => $"{RawOperator} {Key} = [{string.Join(", ", Values)}]";
}

/// <summary>A document that is not a valid IAM policy; Source names which document.</summary>
public sealed class IamPolicyFormatException(string source, string problem)
    : FormatException($"IAM policy {source}: {problem}")
{
    public string Document { get; } = source;
    public string Problem { get; } = problem;
}
