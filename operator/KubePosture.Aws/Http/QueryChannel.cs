using System.Text;
using System.Xml;
using System.Xml.Linq;
using KubePosture.Aws.Ports;
using KubePosture.Aws.Signing;
using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Http;

/// <summary>awsQuery: POST / with a form body Action=&lt;Op&gt;&amp;Version=&lt;v&gt;&amp;..., XML answers.</summary>
internal sealed class QueryChannel(AwsCaller caller, string apiVersion)
{
    public async Task<XmlView> CallAsync(AwsOperation operation, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        var form = new StringBuilder($"Action={operation.Name}&Version={apiVersion}");
        foreach (var (name, value) in parameters) form.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        var spec = new AwsHttpRequestSpec
        {
            Method = "POST",
            Body = Encoding.UTF8.GetBytes(form.ToString()),
            ContentType = "application/x-www-form-urlencoded; charset=utf-8",
        };
        var response = await caller.SendAsync(operation, AwsProtocol.Query, spec, cancellationToken);
        return XmlView.Parse(response.Body, operation);
    }
}

/// <summary>An XML element of an awsQuery answer, read by local name, with the path kept for error messages.</summary>
internal readonly struct XmlView(XElement element, string path, AwsOperation operation)
{
    public static XmlView Parse(byte[] body, AwsOperation operation)
    {
        try
        {
            var doc = XDocument.Parse(Encoding.UTF8.GetString(body));
            var root = doc.Root!;
            var result = root.Elements().FirstOrDefault(e => e.Name.LocalName == operation.Name + "Result");
            if (result is null)
                throw new AwsMalformedResponseException(operation.Service, operation.Name, root.Name.LocalName, $"no {operation.Name}Result element");
            return new XmlView(result, result.Name.LocalName, operation);
        }
        catch (XmlException e)
        {
            throw new AwsMalformedResponseException(operation.Service, operation.Name, "$", $"not XML ({e.Message})");
        }
    }

    private AwsMalformedResponseException Malformed(string field, string problem) => new(operation.Service, operation.Name, field, problem);

    private XElement? Find(string name) => element.Elements().FirstOrDefault(e => e.Name.LocalName == name);

    public XmlView? Element(string name) => Find(name) is { } e ? new XmlView(e, $"{path}.{name}", operation) : null;

    public XmlView RequiredElement(string name) => Element(name) ?? throw Malformed($"{path}.{name}", "missing");

    public string? String(string name) => Find(name)?.Value;

    public string RequiredString(string name) => String(name) is { Length: > 0 } s ? s : throw Malformed($"{path}.{name}", "missing");

    /// <summary>Policy documents travel URL-encoded in awsQuery answers.</summary>
    public string? UrlEncodedDocument(string name) => String(name) is { } s ? Uri.UnescapeDataString(s) : null;

    public bool Bool(string name) => String(name) is { } s && (s == "true" ? true : s == "false" ? false : throw Malformed($"{path}.{name}", $"expected true or false, got \"{s}\""));

    public int? Int(string name) => String(name) is { } s ? int.TryParse(s, out var n) ? n : throw Malformed($"{path}.{name}", $"expected an integer, got \"{s}\"") : null;

    /// <summary>Query protocols send ISO-8601 timestamps.</summary>
    public DateTimeOffset? Time(string name) => String(name) is { } s
        ? DateTimeOffset.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var t) ? t
            : throw Malformed($"{path}.{name}", $"expected an ISO-8601 time, got \"{s}\"")
        : null;

    public IReadOnlyList<XmlView> Members(string listName)
    {
        if (Find(listName) is not { } list) return [];
        var members = new List<XmlView>();
        foreach (var e in list.Elements())
            if (e.Name.LocalName == "member") members.Add(new XmlView(e, $"{path}.{listName}[{members.Count}]", operation));
        return members;
    }

    public string Value => element.Value;
}
