using System.Text;
using k8s.Models;
using KubePosture.Inventory.Manifests;

namespace KubePosture.Inventory.Tests.Manifests;

public class ManifestReaderTests
{
    private static List<ManifestEntry> ReadText(string text, string file = "test.yaml") => [.. ManifestReader.Read(new StringReader(text), file)];

    [Fact]
    public void Helm_template_output_yields_objects_and_skips_other_kinds_without_counting_empty_documents()
    {
        var entries = ReadText("""
            ---
            # Source: app/templates/secret.yaml
            apiVersion: v1
            kind: Secret
            metadata: {name: creds}
            stringData: {password: hunter2}
            ---
            # Source: app/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
              labels: {version: 1}
            spec:
              replicas: 2
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                  - name: web
                    image: nginx
                    resources: {limits: {cpu: 500m, memory: 1Gi}}
            ---
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata: {name: web}
            """);

        Assert.Equal(3, entries.Count);
        var secret = Assert.IsType<ManifestSkipped>(entries[0]);
        Assert.Equal(("v1", "Secret", 1, 3L), (secret.ApiVersion, secret.Kind, secret.Document, secret.Line));
        var deployment = Assert.IsType<ManifestObject>(entries[1]);
        var model = Assert.IsType<V1Deployment>(deployment.Object);
        Assert.Equal(("web", 2, "1"), (model.Metadata.Name, model.Spec.Replicas, model.Metadata.Labels["version"]));
        Assert.Equal((2, 9L), (deployment.Document, deployment.Line));
        Assert.Equal(("ServiceMonitor", 3), (Assert.IsType<ManifestSkipped>(entries[2]).Kind, entries[2].Document));
    }

    [Fact]
    public void A_kubectl_list_dump_streams_its_items_even_with_items_before_kind()
    {
        var entries = ReadText("""
            apiVersion: v1
            items:
            - apiVersion: v1
              kind: Pod
              metadata: {name: a, namespace: x}
              spec: {containers: [{name: c, image: i}]}
            - apiVersion: apps/v1
              kind: Deployment
              metadata: {name: d, namespace: x}
              spec: {replicas: not-a-number}
            - apiVersion: v1
              kind: Secret
              data: {token: c2VjcmV0}
              metadata: {name: s}
            - apiVersion: v1
              kind: Namespace
              metadata: {name: x}
            kind: List
            metadata: {resourceVersion: ""}
            """, "dump.yaml");

        Assert.Equal(["ManifestObject", "ManifestError", "ManifestSkipped", "ManifestObject"], entries.Select(e => e.GetType().Name));
        Assert.Equal([1, 2, 3, 4], entries.Select(e => e.Item ?? 0));
        var error = (ManifestError)entries[1];
        Assert.StartsWith("dump.yaml document 1 item 2 (line 7): Deployment could not be read:", error.ToString());
        Assert.IsType<V1Namespace>(((ManifestObject)entries[3]).Object);
    }

    [Fact]
    public void A_syntax_error_is_reported_with_document_and_line_and_later_documents_are_still_read()
    {
        var entries = ReadText("""
            apiVersion: v1
            kind: Namespace
            metadata: {name: a}
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: [unclosed
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: c}
            """);

        Assert.Equal(["a", null, "c"], entries.Select(e => (e as ManifestObject)?.Object.Metadata.Name));
        var error = Assert.IsType<ManifestError>(entries[1]);
        Assert.Equal(2, error.Document);
        Assert.Matches("^not valid YAML at line (7|8), column", error.Message);
    }

    [Fact]
    public void Json_objects_and_json_lists_are_read()
    {
        var entries = ReadText("""
            {
                "apiVersion": "v1",
                "kind": "List",
                "items": [
                    {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "sa", "namespace": "x"}, "automountServiceAccountToken": false},
                    {"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": {"name": "r"}, "rules": [{"verbs": ["*"], "apiGroups": ["*"], "resources": ["*"]}]}
                ]
            }
            """, "dump.json");

        var sa = Assert.IsType<V1ServiceAccount>(((ManifestObject)entries[0]).Object);
        Assert.False(sa.AutomountServiceAccountToken);
        Assert.Equal(["*"], Assert.Single(Assert.IsType<V1ClusterRole>(((ManifestObject)entries[1]).Object).Rules).Verbs);
    }

    [Fact]
    public void Documents_that_are_not_objects_are_errors()
    {
        var entries = ReadText("""
            just a string
            ---
            metadata: {name: no-kind}
            apiVersion: v1
            ---
            - apiVersion: v1
              kind: Namespace
              metadata: {name: in-a-sequence}
            - 42
            """);

        Assert.Equal(
        [
            "test.yaml document 1 (line 1): not a Kubernetes object: expected a mapping with apiVersion and kind, found a scalar",
            "test.yaml document 2 (line 3): not a Kubernetes object: kind is missing",
        ], entries.OfType<ManifestError>().Take(2).Select(e => e.ToString()));
        Assert.Equal("in-a-sequence", ((ManifestObject)entries[2]).Object.Metadata.Name);
        Assert.Equal("test.yaml document 3 item 2 (line 9): not a Kubernetes object: expected a mapping with apiVersion and kind", entries[3].ToString());
    }

    [Fact]
    public void Document_markers_with_content_and_end_markers_split_documents()
    {
        var entries = ReadText("--- {apiVersion: v1, kind: Namespace, metadata: {name: a}}\n...\n--- # next\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n");

        Assert.Equal(["a", "b"], entries.Cast<ManifestObject>().Select(e => e.Object.Metadata.Name));
    }

    [Fact]
    public void A_directory_is_read_recursively_in_order_and_only_manifest_files()
    {
        var dir = Directory.CreateTempSubdirectory("kubeposture-manifests-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllText(Path.Combine(dir, "b.yml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n");
            File.WriteAllText(Path.Combine(dir, "a.json"), "{\"apiVersion\": \"v1\", \"kind\": \"Namespace\", \"metadata\": {\"name\": \"a\"}}");
            File.WriteAllText(Path.Combine(dir, "sub", "c.yaml"), "apiVersion: v1\nkind: Namespace\nmetadata: {name: c}\n");
            File.WriteAllText(Path.Combine(dir, "README.md"), "# not a manifest");

            var names = ManifestReader.Read(dir).Cast<ManifestObject>().Select(e => e.Object.Metadata.Name);

            Assert.Equal(["a", "b", "c"], names);
            Assert.Throws<FileNotFoundException>(() => ManifestReader.ListFiles(Path.Combine(dir, "missing")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Standard_input_is_read_when_the_path_is_a_dash()
    {
        var entries = ManifestReader.Read("-", new StringReader("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n")).ToList();

        Assert.Equal("<stdin>", Assert.Single(entries).File);
    }

    [Fact]
    public void A_huge_list_is_streamed_item_by_item()
    {
        using var input = new GeneratedListReader(items: 1_000_000);

        var first = ManifestReader.Read(input, "huge.yaml").Take(3).ToList();

        Assert.Equal(3, first.OfType<ManifestObject>().Count());
        Assert.True(input.CharsRead < 256 * 1024, $"read {input.CharsRead} chars to produce 3 items of a ~300 MB list");
    }

    /// <summary>A v1 List of pods produced on demand, never held in memory.</summary>
    private sealed class GeneratedListReader(int items) : TextReader
    {
        private readonly StringBuilder _pending = new("apiVersion: v1\nkind: List\nitems:\n");
        private int _next;

        public long CharsRead { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            while (_pending.Length < count && _next < items)
            {
                _pending.Append($"- apiVersion: v1\n  kind: Pod\n  metadata: {{name: pod-{_next}, namespace: ns}}\n  spec: {{containers: [{{name: c, image: nginx}}]}}\n");
                _next++;
            }

            var n = Math.Min(count, _pending.Length);
            _pending.CopyTo(0, buffer.AsSpan(index, n), n);
            _pending.Remove(0, n);
            CharsRead += n;
            return n;
        }

        public override int Read() => throw new NotSupportedException("block reads only");
    }
}
