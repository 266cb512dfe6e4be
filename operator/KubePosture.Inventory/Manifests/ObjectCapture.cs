using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubePosture.Inventory.Manifests;

/// <summary>
/// Re-emits the parser events of one object as a standalone YAML text (what KubernetesClient's typed
/// deserializer reads), noting its top-level apiVersion and kind on the way. Once the kind is known to be
/// one the inventory does not read, emitting stops: nothing of a Secret is kept.
/// </summary>
internal sealed class ObjectCapture : IDisposable
{
    private readonly StringWriter _writer = new();
    private readonly Emitter _emitter;
    private readonly Func<string, string, bool> _isWanted;

    public ObjectCapture(Func<string, string, bool> isWanted)
    {
        _isWanted = isWanted;
        _emitter = new Emitter(_writer);
        _emitter.Emit(new StreamStart());
        _emitter.Emit(new DocumentStart());
    }

    public string? ApiVersion { get; private set; }
    public string? Kind { get; private set; }
    public bool Skipping { get; private set; }

    public void Emit(ParsingEvent e)
    {
        if (!Skipping)
            _emitter.Emit(e);
    }

    /// <summary>Copies one whole node (scalar, alias, mapping or sequence) from the parser.</summary>
    public void CopyNode(IParser parser)
    {
        var depth = 0;
        do
        {
            var e = parser.Consume<ParsingEvent>();
            Emit(e);
            depth += e.NestingIncrease;
        }
        while (depth > 0);
    }

    /// <summary>Copies a top-level key and its value, recording apiVersion and kind.</summary>
    public void CopyEntry(Scalar key, IParser parser)
    {
        Emit(key);
        if (parser.Current is Scalar value && key.Value is "apiVersion" or "kind")
        {
            if (key.Value == "apiVersion")
                ApiVersion = value.Value;
            else
                Kind = value.Value;
            if (ApiVersion is not null && Kind is not null && !_isWanted(ApiVersion, Kind))
                Skipping = true;
        }

        CopyNode(parser);
    }

    public void Dispose() => _writer.Dispose();

    public string Finish()
    {
        _emitter.Emit(new DocumentEnd(isImplicit: true));
        _emitter.Emit(new StreamEnd());
        return _writer.ToString();
    }
}
