using System.Globalization;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using KubePosture.Api;
using KubePosture.AwsEmulator;
using KubePosture.KubeEmulator;

namespace KubePosture.Benchmarks.Scale;

/// <summary>Kubernetes API traffic of one client identity over a phase.</summary>
public sealed record ApiTraffic(int Requests, int Lists, int Watches, int Gets, int NamedInventoryGets, int Writes, long Bytes)
{
    public static ApiTraffic operator -(ApiTraffic a, ApiTraffic b) => new(
        a.Requests - b.Requests, a.Lists - b.Lists, a.Watches - b.Watches, a.Gets - b.Gets, a.NamedInventoryGets - b.NamedInventoryGets,
        a.Writes - b.Writes, a.Bytes - b.Bytes);
}

/// <summary>Everything measured at one cluster size.</summary>
public sealed record ScaleResult
{
    public int Pods { get; init; }
    public int Namespaces { get; init; }
    public int Nodes { get; init; }
    public int Images { get; init; }
    public int Roles { get; init; }
    public int StoredObjects { get; init; }
    public long StoredJsonBytes { get; init; }
    public double SeedSeconds { get; init; }
    public double FloorSeconds { get; init; }
    public long FloorObjects { get; init; }
    public int FloorRequests { get; init; }
    public long FloorBytes { get; init; }
    public double ColdScanSeconds { get; init; }
    public double ColdScanPipelineSeconds { get; init; }

    /// <summary>From the operator's first API request to Ready: the cold scan without process start-up (the floor's client is warm too).</summary>
    public double ColdFromFirstRequestSeconds { get; init; }
    public ApiTraffic ColdScanApi { get; init; } = new(0, 0, 0, 0, 0, 0, 0);
    public int ColdScanAwsRequests { get; init; }

    /// <summary>A PostureScan with spec.aws.enabled created on the synced operator → Ready (AWS read cold).</summary>
    public double AwsScanSeconds { get; init; }

    public double AwsScanPipelineSeconds { get; init; }

    /// <summary>The AWS scan again (rescan annotation) with nothing changed.</summary>
    public double AwsRescanSeconds { get; init; }
    public double WarmScanSeconds { get; init; }
    public double RescanSeconds { get; init; }
    public ApiTraffic RescanApi { get; init; } = new(0, 0, 0, 0, 0, 0, 0);
    public int RescanAwsRequests { get; init; }
    public double? EditReflectedSeconds { get; init; }
    public double EditTimeoutSeconds { get; init; }

    /// <summary>Pod and node status updates that change nothing the checks read (readiness, restarts, heartbeats); 0 when not measured.</summary>
    public int ChurnStatusUpdates { get; init; }

    /// <summary>PostureScan status writes by the operator in the window after the churn: a scan started for nothing writes two.</summary>
    public int ChurnScanStatusWrites { get; init; }

    public double ChurnWindowSeconds { get; init; }

    /// <summary>A real change made after the churn (a pod's image id) reached a rescan: the watches were delivering events.</summary>
    public bool ChurnFollowedByRescan { get; init; }
    /// <summary>Peak RSS at the end, after the AWS scan.</summary>
    public long PeakRssBytes { get; init; }

    /// <summary>Peak RSS after the in-cluster scans (cold, warm, rescan, edit), before any AWS scan.</summary>
    public long InClusterPeakRssBytes { get; init; }
    public long RssAfterScansBytes { get; init; }
    public double OperatorCpuSeconds { get; init; }
    public long ObjectsEvaluated { get; init; }
    public int ActiveFindings { get; init; }
    public string Load1 { get; init; } = "";
    public string LoadAtEnd { get; init; } = "";
    public bool AwsCollectionWired { get; init; }

    /// <summary>The operator assembly carried ReadyToRun code (the published build), not IL only.</summary>
    public bool OperatorReadyToRun { get; init; }

    /// <summary>The report CRDs were installed: every scan wrote a report object per namespace (and a cluster report).</summary>
    public bool ReportCrds { get; init; }

    /// <summary>Report objects in the cluster at the end (the four PostureScans' reports).</summary>
    public int ReportObjects { get; init; }
}

/// <summary>
/// One size of the scale benchmark: an emulated cluster and AWS account in this process, the built operator as a child
/// process with its own identity, and the measurements of issue 8.
/// </summary>
public sealed class ScaleRun
{
    public const string ControlNamespace = "kubeposture";
    private const string OperatorUser = "kubeposture-bench-operator";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    private readonly BenchOptions _options;
    private readonly Action<string> _say;

    public ScaleRun(BenchOptions options, Action<string> say)
    {
        _options = options;
        _say = say;
    }

    public async Task<ScaleResult> RunAsync(int pods, bool reportCrds, CancellationToken cancellationToken)
    {
        var shape = new BenchClusterShape(pods);
        var work = Directory.CreateDirectory(Path.Combine(_options.WorkDirectory, $"pods-{pods}{(reportCrds ? "-reports" : "")}")).FullName;
        await using var kube = await KubeEmulatorServer.StartAsync(new KubeEmulatorOptions
        {
            CountResponseBytes = true,
            RequestLogCapacity = 1_000_000,
        }, cancellationToken);
        kube.SeedPath(Path.Combine(_options.RepositoryRoot, "crds"));
        if (reportCrds)
        {
            kube.SeedPath(_options.ReportCrdsFile ?? throw new InvalidOperationException("report CRDs requested without --report-crds"));
        }
        kube.Seed($"{{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{{\"name\":\"{ControlNamespace}\"}}}}");

        var seedWatch = Stopwatch.StartNew();
        kube.SeedObjectsInOrder(BenchCluster.Generate(shape));
        seedWatch.Stop();
        var (storedObjects, storedBytes) = kube.StorageSize();
        _say($"  seeded {BenchCluster.N(storedObjects)} objects ({storedBytes / 1048576.0:F0} MiB JSON) in {seedWatch.Elapsed.TotalSeconds:F1}s");

        const string accessKey = "AKIABENCHOPERATOR0001";
        const string secretKey = "bench/secret/key/000000000000000000000000";
        await using var aws = await AwsEmulatorServer.StartAsync(BenchCluster.AwsFixture(shape, accessKey, secretKey), cancellationToken: cancellationToken);

        var operatorToken = kube.AddUserToken(OperatorUser, "system:masters");
        var kubeconfig = Path.Combine(work, "operator.kubeconfig");
        kube.WriteKubeconfig(kubeconfig, operatorToken);
        var floorToken = kube.AddUserToken("kubeposture-bench-floor", "system:masters");
        using var floorClient = kube.CreateClient(floorToken);
        using var admin = kube.CreateClient();

        // The floor, twice: the first warms the emulator's and the client's code paths; the second is reported.
        await ListFloor.MeasureAsync(floorClient, () => kube.ResponseBytes(floorToken), cancellationToken);
        var floor = await ListFloor.MeasureAsync(floorClient, () => kube.ResponseBytes(floorToken), cancellationToken);
        _say($"  floor: LIST+deserialize {BenchCluster.N(floor.Objects)} objects in {floor.Requests} requests, {floor.Bytes / 1048576.0:F0} MiB: {floor.Elapsed.TotalSeconds:F2}s");

        await CreateScanAsync(admin, "bench", cancellationToken);
        var traffic0 = Traffic(kube, operatorToken);
        var aws0 = aws.Requests.Count;
        var environment = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = accessKey,
            ["AWS_SECRET_ACCESS_KEY"] = secretKey,
            ["AWS_REGION"] = BenchClusterShape.Region,
            ["AWS_ENDPOINT_URL"] = aws.BaseUrl,
            ["Aws__Region"] = BenchClusterShape.Region,
        };
        foreach (var service in new[] { "ecr", "eks", "sts", "iam", "ec2", "ssm", "ecs", "kms", "logs", "guardduty", "inspector2", "elasticloadbalancing", "wafv2" })
        {
            environment[$"Aws__Endpoints__{service}"] = aws.BaseUrl;
            // The operator's own rate limits (ECR 5 requests/s by default) would make a cold scan of 3,333 images take
            // over 11 minutes of deliberate waiting; the benchmark measures the operator, so the emulator gets generous
            // request rates. Request counts are unaffected, and the concurrency caps stay the defaults (ECR 4 requests
            // in flight), as the chart runs the operator.
            environment[$"Aws__Limits__{service}__RequestsPerSecond"] = "1000";
            environment[$"Aws__Limits__{service}__Burst"] = "2000";
        }

        var load1 = LoadAverage();
        var cpuBefore = TimeSpan.Zero;
        using var op = OperatorProcess.Start(_options.OperatorDll, kubeconfig, ControlNamespace, Path.Combine(work, "operator.log"), environment);
        var cold = Stopwatch.StartNew();
        await using var profiler = _options.Profile ? await StartProfilerAsync(kube, op, work, cancellationToken) : null;
        var coldStatus = await WaitForAsync(admin, "bench", op, s => ReadyCompleted(s) && Completion(s) is not null, TimeSpan.FromMinutes(10), cancellationToken);
        cold.Stop();
        var readyAt = DateTimeOffset.UtcNow;
        var firstRequest = kube.Requests.Entries.Where(e => e.User == OperatorUser).Min(e => e.Time);
        var fromFirstRequest = (readyAt - firstRequest).TotalSeconds;
        var coldApi = Traffic(kube, operatorToken) - traffic0;
        var coldInClusterAws = aws.Requests.Count - aws0;
        var pipeline = coldStatus["status"]?["lastScan"]?["durationSeconds"]?.GetValue<double>() ?? double.NaN;
        _say($"  cold scan (operator start → Ready): {cold.Elapsed.TotalSeconds:F2}s; first API request → Ready {fromFirstRequest:F2}s (scan pipeline {pipeline:F2}s); API {coldApi.Requests} requests " +
             $"({coldApi.Lists} LIST, {coldApi.Watches} WATCH, {coldApi.Gets} GET, {coldApi.Writes} writes), {coldApi.Bytes / 1048576.0:F0} MiB; AWS {coldInClusterAws}; peak RSS {op.PeakRssBytes() / 1048576.0:F0} MiB");

        if (profiler is not null)
        {
            // Where the cold scan's time goes on the API side: each request of the operator, from its first one.
            await File.WriteAllLinesAsync(Path.Combine(work, "cold-requests.tsv"), kube.Requests.Entries.Where(e => e.User == OperatorUser)
                .Select(e => $"{(e.Time - firstRequest).TotalMilliseconds:F0}\t{e.Verb}\t{e.Resource}\t{e.Code}\t{e.Path}"), cancellationToken);
            await profiler.DumpAsync("cold");
        }

        // A second PostureScan created on the synced operator: creation → Ready.
        var warm = Stopwatch.StartNew();
        await CreateScanAsync(admin, "bench-warm", cancellationToken);
        await WaitForAsync(admin, "bench-warm", op, s => ReadyCompleted(s) && Completion(s) is not null, TimeSpan.FromMinutes(5), cancellationToken);
        warm.Stop();
        _say($"  warm scan (PostureScan created on a synced operator → Ready): {warm.Elapsed.TotalSeconds:F2}s");

        // Second scan of the unchanged cluster, requested with the rescan annotation.
        var before = await GetScanAsync(admin, "bench", cancellationToken);
        var beforeCompletion = Completion(before);
        var traffic1 = Traffic(kube, operatorToken);
        var aws1 = aws.Requests.Count;
        var rescan = Stopwatch.StartNew();
        await PatchAsync(admin, "bench", new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [ApiConstants.RescanAnnotation] = "bench-1" } } }, cancellationToken);
        await WaitForAsync(admin, "bench", op, s => ReadyCompleted(s) && Completion(s) is { } c && c != beforeCompletion && ScanningIdle(s), TimeSpan.FromMinutes(5), cancellationToken);
        rescan.Stop();
        var rescanApi = Traffic(kube, operatorToken) - traffic1;
        var rescanAws = aws.Requests.Count - aws1;
        var rescanAwsByOperation = string.Join(", ", aws.Requests.Entries.Skip(aws1)
            .GroupBy(e => $"{e.Service}:{e.Operation}{(e.Status >= 400 ? $" ({e.Status})" : "")}").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
        _say($"  rescan of the unchanged cluster: {rescan.Elapsed.TotalSeconds:F2}s; API {rescanApi.Requests} requests ({rescanApi.Lists} LIST); AWS {rescanAws}{(rescanAws > 0 ? $" ({rescanAwsByOperation})" : "")}");

        // One Deployment edited (hostPID added): time until the scan's status reflects it.
        var summaryBefore = (await GetScanAsync(admin, "bench", cancellationToken))["status"]?["summary"]?.ToJsonString();
        var edit = Stopwatch.StartNew();
        var patch = new V1Patch("[{\"op\":\"add\",\"path\":\"/spec/template/spec/hostPID\",\"value\":true}]", V1Patch.PatchType.JsonPatch);
        await admin.AppsV1.PatchNamespacedDeploymentAsync(patch, "app-1", "team-00000", cancellationToken: cancellationToken);
        double? editSeconds = null;
        try
        {
            await WaitForAsync(admin, "bench", op, s => s["status"]?["summary"]?.ToJsonString() != summaryBefore, _options.EditTimeout, cancellationToken);
            editSeconds = edit.Elapsed.TotalSeconds;
            _say($"  edited Deployment reflected in status after {editSeconds:F2}s");
        }
        catch (TimeoutException)
        {
            _say($"  edited Deployment NOT reflected in status within {_options.EditTimeout.TotalSeconds:F0}s");
        }

        var churn = reportCrds ? null : await MeasureStatusChurnAsync(kube, admin, op, summaryBefore, cancellationToken);

        var inClusterPeakRss = op.PeakRssBytes();
        if (profiler is not null) await profiler.DumpAsync("in-cluster");

        // The AWS side: a PostureScan with spec.aws.enabled on the synced operator (its first scan reads the account
        // cold), then a second scan of it with nothing changed.
        var awsBefore = aws.Requests.Count;
        var awsScan = Stopwatch.StartNew();
        await CreateScanAsync(admin, "bench-aws", cancellationToken, aws: true);
        var awsStatus = await WaitForAsync(admin, "bench-aws", op, s => ReadyCompleted(s) && Completion(s) is not null, TimeSpan.FromMinutes(10), cancellationToken);
        awsScan.Stop();
        var coldAws = aws.Requests.Count - awsBefore;
        var awsPipeline = awsStatus["status"]?["lastScan"]?["durationSeconds"]?.GetValue<double>() ?? double.NaN;
        foreach (var failure in aws.EmulatorFailures.Take(3)) _say($"  AWS emulator failure: {failure.Split('\n')[0]}");
        var degraded = awsStatus["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == "Degraded")?["status"]?.GetValue<string>();
        _say($"  AWS scan (PostureScan with spec.aws.enabled created → Ready): {awsScan.Elapsed.TotalSeconds:F2}s (scan pipeline {awsPipeline:F2}s); AWS {coldAws} requests; Degraded={degraded}; peak RSS {op.PeakRssBytes() / 1048576.0:F0} MiB");
        var awsCompletion = Completion(awsStatus);
        var awsRescanFrom = aws.Requests.Count;
        var awsRescan = Stopwatch.StartNew();
        await PatchAsync(admin, "bench-aws", new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [ApiConstants.RescanAnnotation] = "bench-aws-1" } } }, cancellationToken);
        await WaitForAsync(admin, "bench-aws", op, s => ReadyCompleted(s) && Completion(s) is { } c && c != awsCompletion && ScanningIdle(s), TimeSpan.FromMinutes(5), cancellationToken);
        awsRescan.Stop();
        var awsRescanRequests = aws.Requests.Count - awsRescanFrom;
        var awsRescanByOperation = string.Join(", ", aws.Requests.Entries.Skip(awsRescanFrom)
            .GroupBy(e => $"{e.Service}:{e.Operation}{(e.Status >= 400 ? $" ({e.Status})" : "")}").OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}"));
        _say($"  AWS second scan of the unchanged account: {awsRescan.Elapsed.TotalSeconds:F2}s; AWS {awsRescanRequests} requests{(awsRescanRequests > 0 ? $" ({awsRescanByOperation})" : "")} for {BenchCluster.N(shape.Images)} images");

        if (profiler is not null) await profiler.DumpAsync("aws");
        var final = await GetScanAsync(admin, "bench", cancellationToken);
        var result = new ScaleResult
        {
            Pods = shape.GeneratedPods,
            Namespaces = shape.Namespaces,
            Nodes = shape.Nodes,
            Images = shape.Images,
            Roles = shape.Roles,
            StoredObjects = storedObjects,
            StoredJsonBytes = storedBytes,
            SeedSeconds = seedWatch.Elapsed.TotalSeconds,
            FloorSeconds = floor.Elapsed.TotalSeconds,
            FloorObjects = floor.Objects,
            FloorRequests = floor.Requests,
            FloorBytes = floor.Bytes,
            ColdScanSeconds = cold.Elapsed.TotalSeconds,
            ColdScanPipelineSeconds = pipeline,
            ColdFromFirstRequestSeconds = fromFirstRequest,
            ColdScanApi = coldApi,
            ColdScanAwsRequests = coldAws,
            AwsScanSeconds = awsScan.Elapsed.TotalSeconds,
            AwsScanPipelineSeconds = awsPipeline,
            AwsRescanSeconds = awsRescan.Elapsed.TotalSeconds,
            WarmScanSeconds = warm.Elapsed.TotalSeconds,
            RescanSeconds = rescan.Elapsed.TotalSeconds,
            RescanApi = rescanApi,
            RescanAwsRequests = awsRescanRequests,
            EditReflectedSeconds = editSeconds,
            ChurnStatusUpdates = churn?.Updates ?? 0,
            ChurnScanStatusWrites = churn?.ScanStatusWrites ?? 0,
            ChurnWindowSeconds = churn?.Window.TotalSeconds ?? 0,
            ChurnFollowedByRescan = churn?.FollowedByRescan ?? false,
            EditTimeoutSeconds = _options.EditTimeout.TotalSeconds,
            PeakRssBytes = op.PeakRssBytes(),
            InClusterPeakRssBytes = inClusterPeakRss,
            RssAfterScansBytes = op.RssBytes(),
            OperatorCpuSeconds = (op.CpuTime() - cpuBefore).TotalSeconds,
            ObjectsEvaluated = final["status"]?["lastScan"]?["objectsEvaluated"]?.GetValue<long>() ?? 0,
            ActiveFindings = SumFindings(final),
            Load1 = load1,
            LoadAtEnd = LoadAverage(),
            AwsCollectionWired = coldAws > 0,
            OperatorReadyToRun = IsReadyToRun(_options.OperatorDll),
            ReportCrds = reportCrds,
            ReportObjects = CountReports(kube),
        };
        return result;
    }

    /// <summary>Report objects the operator created and has not deleted (from the request log: listing thousands of reports would weigh on the measurement).</summary>
    private static int CountReports(KubeEmulatorServer kube)
    {
        var reports = kube.Requests.Entries.Where(e => e.User == OperatorUser && e.Resource is "reports.openreports.io" or "clusterreports.openreports.io").ToList();
        return reports.Count(e => e.Verb == "create" && e.Code == 201) - reports.Count(e => e.Verb == "delete" && e.Code is 200 or 202);
    }

    private static int SumFindings(JsonNode scan)
    {
        var summary = scan["status"]?["summary"];
        return summary is null ? 0 : new[] { "critical", "high", "medium", "low", "info" }.Sum(k => summary[k]?.GetValue<int>() ?? 0);
    }

    /// <summary>
    /// The operator's change-triggered rescans wait for a second of quiet (at most five) and repeat a PostureScan at most
    /// every ten seconds (ChangeRescanPolicy's defaults); a window longer than both shows any rescan the churn started.
    /// </summary>
    private static readonly TimeSpan ChurnWindow = TimeSpan.FromSeconds(10 + 5 + 2);

    private sealed record StatusChurn(int Updates, int ScanStatusWrites, TimeSpan Window, bool FollowedByRescan);

    /// <summary>
    /// Status churn as a real cluster has it all the time: up to 1,000 pods' readiness conditions and every node's
    /// heartbeat updated, none of it anything a check reads. Counts the PostureScan status writes of the operator in
    /// <see cref="ChurnWindow"/> after it (a rescan writes two), then makes one real change (a pod's image id) and
    /// waits for its rescan, which shows that the watches were delivering the churn.
    /// </summary>
    private async Task<StatusChurn> MeasureStatusChurnAsync(KubeEmulatorServer kube, IKubernetes admin, OperatorProcess op, string? summaryBeforeEdit, CancellationToken cancellationToken)
    {
        // The edit rescans both in-cluster PostureScans: both must be done before the window opens.
        await WaitForAsync(admin, "bench-warm", op, s => s["status"]?["summary"]?.ToJsonString() != summaryBeforeEdit && ScanningIdle(s), _options.EditTimeout, cancellationToken);
        await WaitForAsync(admin, "bench", op, ScanningIdle, _options.EditTimeout, cancellationToken);
        var writesBefore = ScanStatusWrites(kube);
        var now = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var nodes = (await admin.CoreV1.ListNodeAsync(cancellationToken: cancellationToken)).Items;
        var podList = (await admin.CoreV1.ListPodForAllNamespacesAsync(limit: 1000, cancellationToken: cancellationToken)).Items;
        var heartbeat = new V1Patch($"{{\"status\":{{\"conditions\":[{{\"type\":\"Ready\",\"status\":\"True\",\"lastHeartbeatTime\":\"{now}\"}}]}}}}", V1Patch.PatchType.MergePatch);
        var readiness = new V1Patch($"{{\"status\":{{\"conditions\":[{{\"type\":\"Ready\",\"status\":\"True\",\"lastProbeTime\":\"{now}\",\"lastTransitionTime\":\"{now}\"}}]}}}}", V1Patch.PatchType.MergePatch);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(nodes, parallel, async (node, ct) => await admin.CoreV1.PatchNodeStatusAsync(heartbeat, node.Metadata.Name, cancellationToken: ct));
        await Parallel.ForEachAsync(podList, parallel, async (pod, ct) => await admin.CoreV1.PatchNamespacedPodStatusAsync(readiness, pod.Metadata.Name, pod.Metadata.NamespaceProperty, cancellationToken: ct));
        var updates = nodes.Count + podList.Count;
        await Task.Delay(ChurnWindow, cancellationToken);
        var writes = ScanStatusWrites(kube) - writesBefore;

        // A real change: the last churned pod runs another image digest. Its rescan rewrites the scan's completion.
        var completion = Completion(await GetScanAsync(admin, "bench", cancellationToken));
        var last = podList[^1];
        var statuses = last.Status.ContainerStatuses.Select(c => new JsonObject
        {
            ["name"] = c.Name, ["image"] = c.Image, ["imageID"] = c.ImageID + "0", ["ready"] = true, ["restartCount"] = 0,
        }).ToArray<JsonNode?>();
        var imageChange = new V1Patch(new JsonObject { ["status"] = new JsonObject { ["containerStatuses"] = new JsonArray(statuses) } }.ToJsonString(), V1Patch.PatchType.MergePatch);
        await admin.CoreV1.PatchNamespacedPodStatusAsync(imageChange, last.Metadata.Name, last.Metadata.NamespaceProperty, cancellationToken: cancellationToken);
        var followed = true;
        try
        {
            await WaitForAsync(admin, "bench", op, s => Completion(s) != completion && ScanningIdle(s), ChurnWindow, cancellationToken);
        }
        catch (TimeoutException)
        {
            followed = false;
        }

        _say($"  status churn: {updates:N0} pod and node status updates → {writes} PostureScan status writes in {ChurnWindow.TotalSeconds:F0}s; " +
             $"a real change after it {(followed ? "was rescanned" : "was NOT rescanned")}");
        return new StatusChurn(updates, writes, ChurnWindow, followed);
    }

    /// <summary>
    /// Attaches the profiler once the operator has made its first API request. Twice the operator hung before its first
    /// log line (600 s, no output) when dotnet-counters had attached the moment it started; no unprofiled run ever hung.
    /// </summary>
    private async Task<OperatorProfiler> StartProfilerAsync(KubeEmulatorServer kube, OperatorProcess op, string work, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (!kube.Requests.Entries.Any(e => e.User == OperatorUser))
        {
            if (op.HasExited)
                throw new InvalidOperationException("the operator exited before its first API request; see operator.log in the work directory");
            if (waited.Elapsed > TimeSpan.FromMinutes(1))
                throw new TimeoutException("the operator made no API request within a minute of starting; see operator.log in the work directory");
            await Task.Delay(Poll, cancellationToken);
        }

        return OperatorProfiler.Start(op.Id, work, _say);
    }

    private static int ScanStatusWrites(KubeEmulatorServer kube) => kube.Requests.Entries.Count(e =>
        e.User == OperatorUser && e.Verb is "update" or "patch" && e.Path.Contains("/posturescans/", StringComparison.Ordinal) && e.Path.EndsWith("/status", StringComparison.Ordinal));

    private static ApiTraffic Traffic(KubeEmulatorServer kube, string token)
    {
        var entries = kube.Requests.Entries.Where(e => e.User == OperatorUser).ToList();
        var inventoryResources = KubePosture.Inventory.InventoryStore.SupportedKinds
            .Select(k => k.Group.Length == 0 ? k.Plural : $"{k.Plural}.{k.Group}").ToHashSet(StringComparer.Ordinal);
        return new ApiTraffic(
            entries.Count,
            entries.Count(e => e.Verb == "list"),
            entries.Count(e => e.Verb == "watch"),
            entries.Count(e => e.Verb == "get"),
            entries.Count(e => e.Verb == "get" && inventoryResources.Contains(e.Resource)),
            entries.Count(e => e.Verb is "create" or "update" or "patch" or "delete"),
            kube.ResponseBytes(token));
    }

    private static bool ReadyCompleted(JsonNode scan) =>
        (scan["status"]?["conditions"] as JsonArray)?.Any(c => c?["type"]?.GetValue<string>() == "Ready" && c["status"]?.GetValue<string>() == "True") == true;

    private static bool ScanningIdle(JsonNode scan) =>
        (scan["status"]?["conditions"] as JsonArray)?.Any(c => c?["type"]?.GetValue<string>() == "Scanning" && c["status"]?.GetValue<string>() == "False") != false;

    private static string? Completion(JsonNode scan) => scan["status"]?["lastScan"]?["completionTime"]?.ToJsonString();

    private static async Task CreateScanAsync(IKubernetes client, string name, CancellationToken cancellationToken, bool aws = false)
    {
        var body = new JsonObject
        {
            ["apiVersion"] = ApiConstants.ApiVersion,
            ["kind"] = ApiConstants.PostureScanKind,
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ControlNamespace },
            // In-cluster scans measure the Kubernetes side against its floor; the AWS scan (bench-aws) the AWS side: ECR
            // findings of every running digest, node and IAM links.
            ["spec"] = aws
                ? new JsonObject { ["interval"] = "6h", ["aws"] = new JsonObject { ["enabled"] = true, ["clusterName"] = "bench" } }
                : new JsonObject { ["interval"] = "6h" },
        };
        await client.CustomObjects.CreateNamespacedCustomObjectAsync(JsonSerializer.Deserialize<JsonElement>(body.ToJsonString()),
            ApiConstants.Group, ApiConstants.Version, ControlNamespace, ApiConstants.PostureScanPlural, cancellationToken: cancellationToken);
    }

    private static async Task PatchAsync(IKubernetes client, string name, JsonObject merge, CancellationToken cancellationToken) =>
        await client.CustomObjects.PatchNamespacedCustomObjectAsync(new V1Patch(merge.ToJsonString(), V1Patch.PatchType.MergePatch),
            ApiConstants.Group, ApiConstants.Version, ControlNamespace, ApiConstants.PostureScanPlural, name, cancellationToken: cancellationToken);

    private static async Task<JsonNode> GetScanAsync(IKubernetes client, string name, CancellationToken cancellationToken)
    {
        var o = await client.CustomObjects.GetNamespacedCustomObjectAsync(ApiConstants.Group, ApiConstants.Version, ControlNamespace, ApiConstants.PostureScanPlural, name, cancellationToken);
        return JsonNode.Parse(JsonSerializer.Serialize(o))!;
    }

    /// <summary>Polls the PostureScan every 25 ms (the resolution of the reported times) until the predicate holds.</summary>
    private static async Task<JsonNode> WaitForAsync(IKubernetes client, string name, OperatorProcess op, Func<JsonNode, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var scan = await GetScanAsync(client, name, cancellationToken);
            if (predicate(scan))
            {
                return scan;
            }

            if (op.HasExited)
            {
                throw new InvalidOperationException($"the operator exited while waiting for PostureScan {name}; see operator.log in the work directory");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"PostureScan {name}: condition not reached within {timeout.TotalSeconds:F0}s; last status {scan["status"]?.ToJsonString()}");
            }

            await Task.Delay(Poll, cancellationToken);
        }
    }

    /// <summary>Whether an assembly holds ReadyToRun (precompiled) code: its CLI header names a managed native header.</summary>
    public static bool IsReadyToRun(string assembly)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(assembly));
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
