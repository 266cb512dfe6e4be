using System.Reflection;
using System.Text.RegularExpressions;

namespace KubePosture.KubeEmulator.Protobuf;

/// <summary>How a field's value sits on the wire and in JSON.</summary>
internal enum ProtoScalar { None, String, Bytes, Bool, Int32, Int64, Double }

/// <summary>
/// One field of a message: a scalar, a message (<see cref="MessageType"/>, a full name) or a map with string keys
/// (<see cref="IsMap"/>; the value is the scalar or message). <see cref="JsonName"/>: its name in JSON (the protobuf
/// name unless the Go json tag says otherwise, e.g. "$ref"); <see cref="Pointer"/>: the Go field is a pointer, so an
/// explicit zero is kept in JSON; <see cref="Inline"/>: an embedded Go struct whose fields sit in the parent's JSON.
/// </summary>
internal sealed record ProtoField(string JsonName, int Number, bool Repeated, bool IsMap, ProtoScalar Scalar, string? MessageType, bool Pointer, bool Inline);

/// <summary>A message; <see cref="NullableList"/>: a `+protobuf.nullable` wrapper whose JSON is its items array.</summary>
internal sealed record ProtoMessage(string FullName, IReadOnlyDictionary<int, ProtoField> Fields, bool NullableList);

/// <summary>
/// The protobuf schema of the built-in kinds: k8s.io/api's and k8s.io/apimachinery's generated.proto, vendored as
/// data in Protobuf/Schema (see UPSTREAM.md there), plus go-fields.txt (which Go fields are pointers or embedded, and
/// JSON names that differ from the protobuf names),
/// parsed once from the embedded resources.
/// </summary>
internal sealed partial class ProtoSchema
{
    public static ProtoSchema Builtin { get; } = Load();

    private readonly Dictionary<string, ProtoMessage> _messages;

    private ProtoSchema(Dictionary<string, ProtoMessage> messages) => _messages = messages;

    public ProtoMessage? Find(string fullName) => _messages.GetValueOrDefault(fullName);

    public IEnumerable<ProtoMessage> Messages => _messages.Values;

    /// <summary>
    /// The message of a built-in kind: "apps/v1" Deployment is k8s.io.api.apps.v1.Deployment, "apiextensions.k8s.io/v1"
    /// CustomResourceDefinition is k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition.
    /// </summary>
    public ProtoMessage? FindKind(string apiVersion, string kind)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var (group, version) = slash < 0 ? ("core", apiVersion) : (apiVersion[..slash].Split('.')[0], apiVersion[(slash + 1)..]);
        return Find($"k8s.io.api.{group}.{version}.{kind}") ?? Find($"k8s.io.{group}_apiserver.pkg.apis.{group}.{version}.{kind}");
    }

    private static ProtoSchema Load()
    {
        var assembly = typeof(ProtoSchema).Assembly;
        var goFields = new Dictionary<(string Message, string Field), List<string>>();
        foreach (var line in ReadResource(assembly, "go-fields.txt").Split('\n'))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 3 || line.StartsWith('#')) continue;
            if (!goFields.TryGetValue((parts[0], parts[1]), out var attributes)) goFields[(parts[0], parts[1])] = attributes = [];
            attributes.Add(parts[2]);
        }
        var messages = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".proto", StringComparison.Ordinal)))
        {
            Parse(ReadResource(assembly, name), goFields, messages);
        }
        return new ProtoSchema(messages);
    }

    private static string ReadResource(Assembly assembly, string suffix)
    {
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(suffix, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    private static void Parse(string text, Dictionary<(string, string), List<string>> goFields, Dictionary<string, ProtoMessage> into)
    {
        var package = "";
        string? message = null;
        var nullable = false;
        var pendingNullable = false;
        Dictionary<int, ProtoField>? fields = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("package ", StringComparison.Ordinal)) package = line[8..].TrimEnd(';');
            else if (line.Contains("+protobuf.nullable=true", StringComparison.Ordinal)) pendingNullable = true;
            else if (MessageStart().Match(line) is { Success: true } m)
            {
                message = package + "." + m.Groups[1].Value;
                fields = [];
                nullable = pendingNullable;
                pendingNullable = false;
            }
            else if (line == "}" && message is not null)
            {
                into[message] = new ProtoMessage(message, fields!, nullable);
                message = null;
            }
            else if (message is not null && FieldLine().Match(line) is { Success: true } f)
            {
                var isMap = f.Groups["map"].Success;
                var type = isMap ? f.Groups["value"].Value : f.Groups["type"].Value;
                var name = f.Groups["name"].Value;
                var number = int.Parse(f.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture);
                var scalar = ScalarOf(type);
                var messageType = scalar != ProtoScalar.None ? null : type.StartsWith('.') ? type[1..] : package + "." + type;
                var go = goFields.GetValueOrDefault((message, name)) ?? [];
                var jsonName = go.FirstOrDefault(a => a.StartsWith("json=", StringComparison.Ordinal))?[5..] ?? name;
                fields![number] = new ProtoField(jsonName, number, f.Groups["label"].Value == "repeated", isMap, scalar, messageType, go.Contains("pointer"), go.Contains("inline"));
            }
        }
    }

    private static ProtoScalar ScalarOf(string type) => type switch
    {
        "string" => ProtoScalar.String,
        "bytes" => ProtoScalar.Bytes,
        "bool" => ProtoScalar.Bool,
        "int32" => ProtoScalar.Int32,
        "int64" => ProtoScalar.Int64,
        "double" => ProtoScalar.Double,
        _ when char.IsLower(type[0]) => throw new InvalidOperationException($"vendored proto uses scalar type {type}, which the decoder does not know"),
        _ => ProtoScalar.None,
    };

    [GeneratedRegex(@"^message (\w+) \{$")]
    private static partial Regex MessageStart();

    [GeneratedRegex(@"^(?:(?<label>optional|repeated) (?<type>\S+)|(?<map>map)<string, (?<value>[^>]+)>) (?<name>\w+) = (?<number>\d+);$")]
    private static partial Regex FieldLine();
}
