using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;
using KubePosture.Api;
using KubePosture.Checks.Compliance;
using KubePosture.Checks.Model;
using KubePosture.Operator.Scans;
using KubePosture.Runtime.Client;

namespace KubePosture.Operator.Reports;

/// <summary>A report object a scan should have, with how many results it keeps of how many it has.</summary>
public sealed record DesiredReport(ResourceType Type, ReportObject Report, int Kept, int Total)
{
    public string? Namespace => Report.Metadata.NamespaceProperty;

    public string Name => Report.Metadata.Name;
}

/// <summary>
/// Turns a scan's result into report objects, purely: one namespaced report per scanned namespace (even one without
/// findings: it says the namespace was assessed) and one cluster report for cluster-scoped and AWS findings when the
/// scan covers them. Each keeps the worst <c>maxResults</c> findings and at most <see cref="MaxResultBytes"/> of
/// results; its summary counts every finding. Reports in the scan's own namespace carry an ownerReference to it
/// (garbage collected with it); Kubernetes forbids owner references across namespaces and from cluster-scoped objects
/// to namespaced owners, so the others are found by the <see cref="ReportLabels.ScanUid"/> label and deleted by the
/// operator (finalizer, or when the namespace leaves the scan's scope).
/// </summary>
public static class ReportBuilder
{
    public const string Source = "kubeposture";

    /// <summary>Budget of the serialized results of one report object: far below etcd's 1.5 MiB request limit.</summary>
    public const int MaxResultBytes = 1024 * 1024;

    public const int MaxMessageLength = 1024;
    public const int MaxProperties = 8;

    /// <summary>Result property listing the compliance controls the finding fails (<c>cis-eks/4.2.1,pss-baseline/privileged</c>).</summary>
    public const string ComplianceProperty = "compliance";
    public const int MaxPropertyValueLength = 256;

    /// <summary>Most characters of a report name (DNS subdomain).</summary>
    public const int MaxNameLength = 253;

    /// <summary>
    /// The reports, built one at a time as they are enumerated: a scan of a large cluster has thousands of namespaces,
    /// and only the report being written needs its results in memory.
    /// </summary>
    public static IEnumerable<DesiredReport> Build(PostureScan scan, ScanResult result, ReportApi api, int maxResults, DateTimeOffset now)
    {
        var scanNamespace = scan.Metadata.NamespaceProperty;
        var categories = result.Engine.Descriptors.ToDictionary(d => d.Id, d => d.Category, StringComparer.Ordinal);
        // The controls each result fails: the scan's frameworks, or every framework when the scan names none.
        var controls = ControlIndex.Over([.. result.Compliance.Select(c => c.Framework)]);
        var active = result.Exceptions.Active.ToLookup(f => f.Resource.Namespace ?? string.Empty);
        var suppressed = result.Exceptions.Suppressed.ToLookup(s => s.Finding.Resource.Namespace ?? string.Empty);
        var namespaces = new SortedSet<string>(result.Scope.Namespaces, StringComparer.Ordinal);
        foreach (var f in result.Exceptions.Active.Where(f => f.Resource.Namespace is not null))
        {
            namespaces.Add(f.Resource.Namespace!);
        }

        foreach (var ns in namespaces)
        {
            yield return Make(scan, api.Namespaced, ns, active[ns].ToList(), suppressed[ns].Count(), categories, controls, maxResults, now, owned: ns == scanNamespace);
        }

        var clusterFindings = active[string.Empty].ToList();
        if (result.Scope.ClusterScoped || result.Scope.Aws || clusterFindings.Count > 0)
        {
            yield return Make(scan, api.Cluster, null, clusterFindings, suppressed[string.Empty].Count(), categories, controls, maxResults, now, owned: false);
        }
    }

    /// <summary>Name of the scan's reports: unique per scan (namespace names have no dots) and stable across runs.</summary>
    public static string ReportName(string scanNamespace, string scanName)
    {
        var name = $"kubeposture.{scanNamespace}.{scanName}";
        if (name.Length <= MaxNameLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..10];
        return name[..(MaxNameLength - hash.Length - 1)].TrimEnd('.', '-') + "-" + hash;
    }

    private static DesiredReport Make(
        PostureScan scan, ResourceType type, string? ns, List<Finding> findings, int suppressed,
        Dictionary<string, string> categories, ControlIndex controls, int maxResults, DateTimeOffset now, bool owned)
    {
        var scanRef = $"{scan.Metadata.NamespaceProperty}/{scan.Metadata.Name}";
        var results = new List<ReportResult>();
        var bytes = 0;
        foreach (var finding in findings)
        {
            if (results.Count >= maxResults)
            {
                break;
            }

            var r = ToResult(finding, categories, controls, scanRef, now);
            var size = SerializedSize(r) + 1;
            if (bytes + size > MaxResultBytes)
            {
                break;
            }

            bytes += size;
            results.Add(r);
        }

        var annotations = new Dictionary<string, string> { [ReportLabels.ScanAnnotation] = scanRef };
        if (results.Count < findings.Count)
        {
            annotations[ReportLabels.TruncatedAnnotation] = $"{results.Count} of {findings.Count}";
        }

        var metadata = new V1ObjectMeta
        {
            Name = ReportName(scan.Metadata.NamespaceProperty, scan.Metadata.Name),
            NamespaceProperty = ns,
            Labels = new Dictionary<string, string>
            {
                [ReportLabels.ManagedBy] = ReportLabels.ManagedByValue,
                [ReportLabels.ScanUid] = scan.Metadata.Uid ?? string.Empty,
                [ReportLabels.ScanNamespace] = scan.Metadata.NamespaceProperty,
            },
            Annotations = annotations,
            OwnerReferences = owned
                ? [new V1OwnerReference { ApiVersion = ApiConstants.ApiVersion, Kind = ApiConstants.PostureScanKind, Name = scan.Metadata.Name, Uid = scan.Metadata.Uid, Controller = true }]
                : null,
        };
        var report = new ReportObject
        {
            ApiVersion = type.ApiVersion,
            Kind = type.Kind,
            Metadata = metadata,
            Source = Source,
            Summary = new ReportSummary { Fail = findings.Count, Skip = suppressed },
            Results = results,
        };
        return new DesiredReport(type, report, results.Count, findings.Count);
    }

    private static ReportResult ToResult(Finding finding, Dictionary<string, string> categories, ControlIndex controls, string scanRef, DateTimeOffset now)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["scan"] = scanRef };
        var failed = controls.ControlsFailedBy(finding);
        if (failed.Count > 0)
            properties[ComplianceProperty] = Cap(string.Join(",", failed), MaxPropertyValueLength);
        foreach (var (key, value) in (finding.Details ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).Take(MaxProperties - properties.Count))
        {
            properties[key.Length > 63 ? key[..63] : key] = Cap(value, MaxPropertyValueLength);
        }

        return new ReportResult
        {
            Source = Source,
            Policy = finding.CheckId,
            Rule = finding.CheckId,
            Category = categories.GetValueOrDefault(finding.CheckId),
            Severity = finding.Severity.ToString().ToLowerInvariant(),
            Timestamp = new ReportTimestamp { Seconds = now.ToUnixTimeSeconds() },
            Result = "fail",
            Scored = true,
            Resources =
            [
                new V1ObjectReference
                {
                    ApiVersion = finding.Resource.ApiVersion,
                    Kind = finding.Resource.Kind,
                    NamespaceProperty = finding.Resource.Namespace,
                    Name = finding.Resource.Name,
                },
            ],
            Message = Cap(finding.Message, MaxMessageLength),
            Properties = properties,
        };
    }

    /// <summary>Bytes of the result's JSON, serialized into a reused buffer (a report has up to thousands of results).</summary>
    private static int SerializedSize(ReportResult result)
    {
        var buffer = SizingBuffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        using var writer = new Utf8JsonWriter(buffer);
        JsonSerializer.Serialize(writer, result, KubeApiClient.SerializerOptions);
        return buffer.WrittenCount;
    }

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? SizingBuffer;

    private static string Cap(string text, int max) => text.Length > max ? text[..(max - 3)] + "..." : text;
}
