using KubePosture.Checks.Inventory;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace KubePosture.Inventory.Mapping;

/// <summary>
/// Parses the kube-system/aws-auth ConfigMap's <c>mapRoles</c>, <c>mapUsers</c> and <c>mapAccounts</c> keys (YAML
/// strings, as aws-iam-authenticator reads them). A key that cannot be read, or an entry without its ARN, is
/// recorded in <see cref="AwsAuthRecord.ParseErrors"/> naming the key and entry; the readable entries are kept. It
/// never throws: the record always replaces the previous one, so an unreadable edit cannot leave the old mappings
/// standing in for the new ones (the eks.aws-auth-masters check reports the unreadable keys).
/// </summary>
public static class AwsAuthParser
{
    public static AwsAuthRecord Parse(IDictionary<string, string>? data)
    {
        var errors = new List<string>();
        var roles = ParseMappings(data, "mapRoles", "rolearn", errors);
        var users = ParseMappings(data, "mapUsers", "userarn", errors);
        var accounts = new List<string>();
        if (Load(data, "mapAccounts", errors) is { } accountsNode)
        {
            if (accountsNode is YamlSequenceNode sequence)
            {
                for (var i = 0; i < sequence.Children.Count; i++)
                {
                    if (sequence.Children[i] is YamlScalarNode { Value: { Length: > 0 } account })
                        accounts.Add(account);
                    else
                        errors.Add($"mapAccounts[{i}]: expected an account id string");
                }
            }
            else
            {
                errors.Add("mapAccounts: expected a YAML list of account ids");
            }
        }

        return new AwsAuthRecord(roles, users, accounts, errors);
    }

    private static List<AwsAuthMapping> ParseMappings(IDictionary<string, string>? data, string key, string arnField, List<string> errors)
    {
        var result = new List<AwsAuthMapping>();
        if (Load(data, key, errors) is not { } root)
            return result;
        if (root is not YamlSequenceNode sequence)
        {
            errors.Add($"{key}: expected a YAML list of mappings with {arnField}, username and groups");
            return result;
        }

        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is not YamlMappingNode entry)
            {
                errors.Add($"{key}[{i}]: expected a mapping with {arnField}, username and groups");
                continue;
            }

            var arn = Scalar(entry, arnField);
            if (string.IsNullOrEmpty(arn))
            {
                errors.Add($"{key}[{i}]: {arnField} is missing");
                continue;
            }

            var groups = new List<string>();
            if (Child(entry, "groups") is { } groupsNode)
            {
                if (groupsNode is YamlSequenceNode groupList)
                    groups.AddRange(groupList.Children.OfType<YamlScalarNode>().Select(g => g.Value ?? "").Where(g => g.Length > 0));
                else if (groupsNode is not YamlScalarNode { Value: null or "" })
                    errors.Add($"{key}[{i}].groups: expected a list of group names");
            }

            result.Add(new AwsAuthMapping(arn, Scalar(entry, "username"), groups));
        }

        return result;
    }

    private static YamlNode? Load(IDictionary<string, string>? data, string key, List<string> errors)
    {
        if (data is null || !data.TryGetValue(key, out var text) || string.IsNullOrWhiteSpace(text))
            return null;
        try
        {
            var stream = new YamlStream();
            using var reader = new StringReader(text);
            stream.Load(reader);
            if (stream.Documents.Count == 0)
                return null;
            var root = stream.Documents[0].RootNode;
            return root is YamlScalarNode { Value: null or "" } ? null : root;
        }
        catch (YamlException ex)
        {
            errors.Add($"{key}: not valid YAML at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or InvalidCastException or NotSupportedException or IndexOutOfRangeException)
        {
            // YamlDotNet throws more than YamlException on some malformed input (an unterminated flow sequence gives
            // InvalidOperationException): whatever it throws, the key is unreadable, never the whole object.
            errors.Add($"{key}: not valid YAML: {ex.Message}");
            return null;
        }
    }

    private static YamlNode? Child(YamlMappingNode node, string key)
        => node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key)
        => Child(node, key) is YamlScalarNode { Value: { } value } ? value.Trim() : null;
}
