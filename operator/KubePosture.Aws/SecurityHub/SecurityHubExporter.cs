using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KubePosture.Aws.SecurityHub;

/// <summary>
/// Keeps Security Hub in step with a scan's findings at the least cost: it remembers what it sent (the content hash of
/// each finding Id) and sends only new and changed findings, plus once more with <c>RecordState: ARCHIVED</c> and
/// <c>Compliance.Status: PASSED</c> a finding that is gone. Unchanged findings are sent again only after
/// <see cref="SecurityHubExportOptions.RefreshAfter"/> (Security Hub deletes findings not updated for 90 days).
/// After a restart the memory is rebuilt from GetFindings (this product's ACTIVE findings of this cluster and scan)
/// instead of importing everything again. At most 100 findings per call; findings Security Hub refuses are retried
/// <see cref="SecurityHubExportOptions.FailedFindingRetries"/> times and then reported with their error codes (and
/// stay unremembered, so the next scan tries again). Throttling and 5xx are retried by the access layer.
/// </summary>
public sealed class SecurityHubExporter(TimeProvider time, SecurityHubExportOptions? options = null)
{
    private readonly SecurityHubExportOptions _options = options ?? new SecurityHubExportOptions();
    private readonly ConcurrentDictionary<string, Memory> _memory = new(StringComparer.Ordinal);

    /// <summary>Findings remembered as present in Security Hub for a target (tests and metrics).</summary>
    public int Remembered(AsffSource source) => _memory.TryGetValue(Key(source), out var m) ? m.Sent.Count : 0;

    /// <summary>Forgets a target (its scan was deleted); what Security Hub holds is left as it is.</summary>
    public void Forget(AsffSource source) => _memory.TryRemove(Key(source), out _);

    /// <param name="findings">The scan's findings in ASFF, enumerated once (unchanged ones are not kept).</param>
    public async Task<SecurityHubExportResult> ExportAsync(ISecurityHubPort hub, AsffSource source, IEnumerable<AsffFinding> findings, CancellationToken cancellationToken)
    {
        var memory = _memory.GetOrAdd(Key(source), _ => new Memory());
        await memory.Gate.WaitAsync(cancellationToken);
        try
        {
            return await ExportLockedAsync(hub, source, findings, memory, cancellationToken);
        }
        finally
        {
            memory.Gate.Release();
        }
    }

    private async Task<SecurityHubExportResult> ExportLockedAsync(ISecurityHubPort hub, AsffSource source, IEnumerable<AsffFinding> findings, Memory memory, CancellationToken cancellationToken)
    {
        var calls = 0;
        var reconciled = false;
        var now = time.GetUtcNow();
        if (!memory.Loaded)
        {
            var existing = await hub.GetFindingsAsync(new SecurityHubFindingFilter(source.ProductArn, source.ClusterArn, source.Scan), cancellationToken);
            calls += existing.Pages;
            foreach (var finding in existing.Findings)
                memory.Sent[finding.Id] = new Sent(finding.ContentHash ?? "", finding.CreatedAt ?? now, finding.UpdatedAt ?? DateTimeOffset.UnixEpoch, finding.Utf8Json);
            memory.Loaded = true;
            reconciled = true;
        }

        var outgoing = new List<Outgoing>();
        var current = new HashSet<string>(StringComparer.Ordinal);
        int unchanged = 0;
        foreach (var finding in findings)
        {
            if (!current.Add(finding.Id))
                continue; // AsffScan gives distinct Ids; a repeated one is the same finding.
            memory.Sent.TryGetValue(finding.Id, out var sent);
            if (sent is not null && sent.Hash == finding.ContentHash && now - sent.SentAt < _options.RefreshAfter)
            {
                unchanged++;
                continue;
            }

            var createdAt = sent?.CreatedAt ?? now;
            outgoing.Add(new Outgoing(finding.Id, () => finding.ToImport(createdAt, now), sent is null ? OutgoingKind.New : OutgoingKind.Updated, finding.ContentHash, createdAt));
        }

        foreach (var (id, sent) in memory.Sent.Where(p => !current.Contains(p.Key)).ToList())
            outgoing.Add(new Outgoing(id, () => AsffArchive.From(sent.Document(), now), OutgoingKind.Archived, AsffArchive.ArchivedHash, sent.CreatedAt));

        var failures = new Dictionary<string, SecurityHubFailedFinding>(StringComparer.Ordinal);
        var pending = outgoing;
        for (var attempt = 0; pending.Count > 0 && attempt <= _options.FailedFindingRetries; attempt++)
        {
            var refused = new List<Outgoing>();
            foreach (var batch in Batches(pending))
            {
                var result = await hub.BatchImportFindingsAsync([.. batch.Select(b => b.Document)], cancellationToken);
                calls++;
                var failed = result.Failed.ToDictionary(f => f.Id, StringComparer.Ordinal);
                foreach (var (o, _, utf8) in batch)
                {
                    if (failed.TryGetValue(o.Id, out var failure))
                    {
                        failures[o.Id] = failure;
                        refused.Add(o);
                        continue;
                    }

                    failures.Remove(o.Id);
                    if (o.Kind == OutgoingKind.Archived)
                        memory.Sent.Remove(o.Id);
                    else
                        memory.Sent[o.Id] = new Sent(o.Hash, o.CreatedAt, now, utf8);
                }
            }

            pending = refused;
        }

        int Count(OutgoingKind kind) => outgoing.Count(o => o.Kind == kind && !failures.ContainsKey(o.Id));
        return new SecurityHubExportResult(
            Calls: calls,
            New: Count(OutgoingKind.New),
            Updated: Count(OutgoingKind.Updated),
            Archived: Count(OutgoingKind.Archived),
            Unchanged: unchanged,
            Failed: [.. failures.Values.OrderBy(f => f.Id, StringComparer.Ordinal)],
            Reconciled: reconciled,
            Active: memory.Sent.Count);
    }

    /// <summary>At most 100 findings and <see cref="SecurityHubExportOptions.MaxRequestBytes"/> per call; documents are built batch by batch.</summary>
    private IEnumerable<List<(Outgoing Finding, JsonObject Document, byte[] Utf8)>> Batches(List<Outgoing> outgoing)
    {
        var batch = new List<(Outgoing, JsonObject, byte[])>();
        long bytes = 0;
        foreach (var o in outgoing)
        {
            var document = o.Document();
            var utf8 = JsonSerializer.SerializeToUtf8Bytes(document, AsffJsonContext.Default.JsonObject);
            var size = utf8.Length;
            if (batch.Count == AsffLimits.FindingsPerImport || (batch.Count > 0 && bytes + size > _options.MaxRequestBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add((o, document, utf8));
            bytes += size;
        }

        if (batch.Count > 0)
            yield return batch;
    }

    private static string Key(AsffSource source) => $"{source.ProductArn}|{source.ClusterArn}|{source.Scan}";

    private enum OutgoingKind
    {
        New,
        Updated,
        Archived,
    }

    /// <summary>A finding to send; its document is built when its batch is (a first export of a large cluster sends tens of thousands).</summary>
    private sealed record Outgoing(string Id, Func<JsonObject> Document, OutgoingKind Kind, string Hash, DateTimeOffset CreatedAt);

    /// <summary>What Security Hub holds of one finding, as far as this process knows: the hash and the document last sent (for its archive).</summary>
    private sealed record Sent(string Hash, DateTimeOffset CreatedAt, DateTimeOffset SentAt, byte[] Utf8)
    {
        public JsonObject Document() => (JsonObject)JsonNode.Parse(Utf8)!;
    }

    private sealed class Memory
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);
        public bool Loaded { get; set; }
        public Dictionary<string, Sent> Sent { get; } = new(StringComparer.Ordinal);
    }
}

/// <summary>Tuning of <see cref="SecurityHubExporter"/>.</summary>
public sealed class SecurityHubExportOptions
{
    /// <summary>An unchanged finding is sent again after this long, well before Security Hub's 90-day expiry of findings not updated.</summary>
    public TimeSpan RefreshAfter { get; init; } = TimeSpan.FromDays(30);

    /// <summary>More calls for findings Security Hub refused (FailedFindings) before they are reported failed.</summary>
    public int FailedFindingRetries { get; init; } = 2;

    /// <summary>Most JSON bytes of findings in one call (Security Hub refuses requests over about 6 MB).</summary>
    public long MaxRequestBytes { get; init; } = 4_000_000;
}

/// <summary>What one export did.</summary>
/// <param name="Calls">Security Hub calls made (GetFindings pages of a reconcile and BatchImportFindings).</param>
/// <param name="Failed">Findings Security Hub refused after the retries, with its error codes.</param>
/// <param name="Reconciled">The memory was rebuilt from GetFindings first (first export of this process).</param>
/// <param name="Active">Findings this exporter knows Security Hub holds active for the target.</param>
public sealed record SecurityHubExportResult(int Calls, int New, int Updated, int Archived, int Unchanged, IReadOnlyList<SecurityHubFailedFinding> Failed, bool Reconciled, int Active)
{
    public int Sent => New + Updated + Archived;

    /// <summary>"InvalidInput: 2, LimitExceeded: 1" (error code: findings), empty when none failed.</summary>
    public string FailureSummary => string.Join(", ", Failed.GroupBy(f => f.ErrorCode).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}: {g.Count()}"));
}
