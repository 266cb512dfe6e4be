using System.Reflection;
using k8s;
using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubePosture.Inventory.Manifests;

/// <summary>
/// Streams Kubernetes objects out of manifests: multi-document YAML, JSON, List kinds (<c>kubectl get -A -o
/// yaml</c> dumps, where each item is read and released in turn) and <c>helm template</c> output. Memory stays
/// near the size of the largest single object, not the input. Each kind the inventory reads is deserialized into
/// its KubernetesClient model; other kinds are reported skipped without being deserialized; a malformed document
/// or item is reported with its file, document index and line, and reading goes on.
/// </summary>
public static class ManifestReader
{
    public const string StandardInput = "-";

    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    private static readonly Dictionary<Type, Func<string, IKubernetesObject<V1ObjectMeta>>> Deserializers = InventoryKinds.All.ToDictionary(
        k => k.ClrType,
        k =>
        {
            var method = typeof(KubernetesYaml).GetMethod(nameof(KubernetesYaml.Deserialize), [typeof(string), typeof(bool)])!.MakeGenericMethod(k.ClrType);
            return (Func<string, IKubernetesObject<V1ObjectMeta>>)(text => (IKubernetesObject<V1ObjectMeta>)method.Invoke(null, [text, false])!);
        });

    /// <summary>The files <paramref name="path"/> names: itself, or a directory's *.yaml, *.yml and *.json files (recursively, sorted).</summary>
    public static IReadOnlyList<string> ListFiles(string path)
    {
        if (path == StandardInput)
            return [StandardInput];
        if (Directory.Exists(path))
        {
            return Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToArray();
        }

        if (File.Exists(path))
            return [path];
        throw new FileNotFoundException($"-f \"{path}\": no such file or directory; pass a manifest file, a directory of manifests, or - for standard input", path);
    }

    /// <summary>Reads a file, a directory (see <see cref="ListFiles"/>) or standard input (<c>-</c>).</summary>
    public static IEnumerable<ManifestEntry> Read(string path, TextReader? standardInput = null)
    {
        foreach (var file in ListFiles(path))
        {
            if (file == StandardInput)
            {
                foreach (var entry in Read(standardInput ?? Console.In, "<stdin>"))
                    yield return entry;
                continue;
            }

            using var reader = new StreamReader(file, detectEncodingFromByteOrderMarks: true);
            foreach (var entry in Read(reader, file))
                yield return entry;
        }
    }

    /// <summary>Reads every document of one input named <paramref name="file"/> in the results.</summary>
    public static IEnumerable<ManifestEntry> Read(TextReader reader, string file)
    {
        var splitter = new DocumentSplitter(reader);
        var documents = 0;
        while (splitter.MoveNext())
        {
            using var document = new DocumentReader(splitter.Current, file, splitter.StartLine, () => ++documents);
            while (document.Next() is { } entry)
                yield return entry;
        }
    }

    private static bool IsWanted(string apiVersion, string kind) =>
        InventoryKinds.ForApiVersionKind(apiVersion, kind) is not null || RemovedApiVersions.Find(apiVersion, kind) is not null;

    /// <summary>
    /// Pull-based reader of one YAML document (the splitter guarantees at most one per segment, but a stray
    /// second one is read too). A parse error ends the document with one error entry.
    /// </summary>
    private sealed class DocumentReader(TextReader text, string file, long startLine, Func<int> nextDocumentIndex) : IDisposable
    {
        private enum Phase { Start, Root, RootMapping, Items, RootSequence, AfterRoot, Done }

        private readonly Parser _parser = new(text);
        private Phase _phase = Phase.Start;
        private int _document;
        private long _documentLine;
        private int _item;
        private bool _sawItems;
        private ObjectCapture? _top;

        public void Dispose() => _top?.Dispose();

        public ManifestEntry? Next()
        {
            while (_phase != Phase.Done)
            {
                try
                {
                    if (Step() is { } entry)
                        return entry;
                }
                catch (YamlException ex)
                {
                    _phase = Phase.Done;
                    if (_document == 0)
                        _document = nextDocumentIndex();
                    var line = startLine + ex.Start.Line - 1;
                    return new ManifestError(file, _document, _phase == Phase.Items && _item > 0 ? _item : null, line, $"not valid YAML at line {line}, column {ex.Start.Column}: {Unwrap(ex)}");
                }
            }

            return null;
        }

        private ManifestEntry? Step()
        {
            switch (_phase)
            {
                case Phase.Start:
                    _parser.Consume<StreamStart>();
                    _phase = Phase.AfterRoot;
                    return null;

                case Phase.AfterRoot:
                    if (_parser.TryConsume<DocumentEnd>(out _))
                        return null;
                    if (_parser.TryConsume<StreamEnd>(out _))
                    {
                        _phase = Phase.Done;
                        return null;
                    }

                    _parser.Consume<DocumentStart>();
                    _phase = Phase.Root;
                    _item = 0;
                    _sawItems = false;
                    return null;

                case Phase.Root:
                    return StartRoot();

                case Phase.RootMapping:
                    return StepRootMapping();

                case Phase.Items:
                case Phase.RootSequence:
                    if (_parser.TryConsume<SequenceEnd>(out _))
                    {
                        _phase = _phase == Phase.Items ? Phase.RootMapping : Phase.AfterRoot;
                        return null;
                    }

                    return ReadItem();

                default:
                    return null;
            }
        }

        private ManifestEntry? StartRoot()
        {
            _documentLine = startLine + _parser.Current!.Start.Line - 1;
            if (_parser.TryConsume<Scalar>(out var scalar))
            {
                _phase = Phase.AfterRoot;
                if (string.IsNullOrEmpty(scalar.Value) && scalar.Style == ScalarStyle.Plain)
                    return null;
                _document = nextDocumentIndex();
                return new ManifestError(file, _document, null, _documentLine, "not a Kubernetes object: expected a mapping with apiVersion and kind, found a scalar");
            }

            _document = nextDocumentIndex();
            if (_parser.TryConsume<SequenceStart>(out _))
            {
                _phase = Phase.RootSequence;
                return null;
            }

            _parser.Consume<MappingStart>();
            _top = new ObjectCapture(IsWanted);
            _top.Emit(new MappingStart());
            _phase = Phase.RootMapping;
            return null;
        }

        private ManifestEntry? StepRootMapping()
        {
            if (_parser.TryConsume<MappingEnd>(out _))
            {
                _phase = Phase.AfterRoot;
                var top = _top!;
                _top = null;
                if (_sawItems)
                {
                    top.Dispose();
                    return null;
                }
                top.Emit(new MappingEnd());
                return ToEntry(top, null, _documentLine);
            }

            if (_parser.Current is Scalar { Value: "items" } itemsKey)
            {
                _parser.MoveNext();
                if (_parser.TryConsume<SequenceStart>(out _))
                {
                    _sawItems = true;
                    _phase = Phase.Items;
                    return null;
                }

                _top!.CopyEntry(itemsKey, _parser);
                return null;
            }

            if (_parser.TryConsume<Scalar>(out var key))
                _top!.CopyEntry(key, _parser);
            else
            {
                _top!.CopyNode(_parser);
                _top.CopyNode(_parser);
            }

            return null;
        }

        private ManifestEntry ReadItem()
        {
            _item++;
            var line = startLine + _parser.Current!.Start.Line - 1;
            if (!_parser.TryConsume<MappingStart>(out _))
            {
                _parser.SkipThisAndNestedEvents();
                return new ManifestError(file, _document, _item, line, "not a Kubernetes object: expected a mapping with apiVersion and kind");
            }

            var capture = new ObjectCapture(IsWanted);
            capture.Emit(new MappingStart());
            while (!_parser.TryConsume<MappingEnd>(out _))
            {
                if (_parser.TryConsume<Scalar>(out var key))
                    capture.CopyEntry(key, _parser);
                else
                {
                    capture.CopyNode(_parser);
                    capture.CopyNode(_parser);
                }
            }

            capture.Emit(new MappingEnd());
            return ToEntry(capture, _item, line);
        }

        private ManifestEntry ToEntry(ObjectCapture capture, int? item, long line)
        {
            using var owned = capture;
            if (string.IsNullOrEmpty(capture.ApiVersion) || string.IsNullOrEmpty(capture.Kind))
            {
                var missing = string.IsNullOrEmpty(capture.ApiVersion) ? "apiVersion" : "kind";
                return new ManifestError(file, _document, item, line, $"not a Kubernetes object: {missing} is missing");
            }

            var removed = RemovedApiVersions.Find(capture.ApiVersion, capture.Kind);
            var kind = InventoryKinds.ForApiVersionKind(removed?.ReplacementApiVersion ?? capture.ApiVersion, capture.Kind);
            if (kind is null || capture.Skipping)
                return new ManifestSkipped(file, _document, item, line, capture.ApiVersion, capture.Kind);
            try
            {
                var obj = Deserializers[kind.ClrType](capture.Finish());
                if (removed is not null)
                    obj.ApiVersion = removed.ReplacementApiVersion;
                return new ManifestObject(file, _document, item, line, obj) { Removed = removed };
            }
            catch (Exception ex) when (ex is TargetInvocationException or YamlException or InvalidOperationException or FormatException)
            {
                return new ManifestError(file, _document, item, line, $"{capture.Kind} could not be read: {Unwrap(ex)}");
            }
        }
    }

    private static string Unwrap(Exception ex)
    {
        while (ex is TargetInvocationException { InnerException: { } inner })
            ex = inner;
        var message = ex is YamlException { InnerException: { } yamlInner } ? $"{ex.Message} ({yamlInner.Message})" : ex.Message;
        return message.ReplaceLineEndings(" ");
    }
}
