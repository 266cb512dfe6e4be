using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.Runtime;
using KubePosture.Api;
using KubePosture.Aws.Ports;
using KubePosture.Aws;
using KubePosture.Aws.Telemetry;
using KubePosture.AwsEmulator;
using KubePosture.Checks.Aws;
using Microsoft.Extensions.DependencyInjection;

namespace KubePosture.Chart.Tests;

/// <summary>
/// The real Prometheus scrapes the operator running against a seeded emulator cluster, and every PromQL expression of
/// the dashboard and of the alert rules (as the chart renders them) returns data through the HTTP API.
/// </summary>
[Collection(OperatorRun.Collection)]
public partial class PrometheusScrapeTests
{
    private const string Job = "kubeposture-metrics";

    [Fact]
    public async Task Every_dashboard_and_alert_expression_returns_data_from_a_real_scrape()
    {
        var ct = TestContext.Current.CancellationToken;
        // The operator reads the AWS emulator's demo account; one action is denied so the AWS failure series exist.
        await using var aws = await AwsEmulatorServer.StartAsync(Path.Combine(AppContext.BaseDirectory, "fixtures", "demo-account.yaml"), cancellationToken: ct);
        aws.Faults.Inject("ec2:DescribeFlowLogs", AwsFault.AccessDenied());
        // The scan exports to the emulator's Security Hub, which refuses one finding on every attempt: the export series exist.
        for (var i = 0; i < 3; i++) aws.SecurityHub.FailNextImport("InvalidInput", 1);
        var (key, secret) = aws.Credentials;
        void EmulatedAws(IServiceCollection services) => services.AddSingleton<IAwsSessionFactory>(sp => new AwsSessionFactory(
            new AwsOptions { Endpoints = new(StringComparer.OrdinalIgnoreCase) { ["*"] = aws.BaseUrl }, MaxRetries = 1, RetryBaseDelay = TimeSpan.FromMilliseconds(1), RetryMaxDelay = TimeSpan.FromMilliseconds(2) },
            sp.GetRequiredService<AwsMetrics>(), TimeProvider.System, null, null, new BasicAWSCredentials(key, secret)));
        await using var run = await OperatorRun.StartAsync(await OperatorRun.ChartRbacAsync(), await OperatorRun.OpenReportsCrdsAsync(), configureServices: EmulatedAws);
        await run.CreateScanAsync(OperatorRun.ControlNamespace, "cluster", new PostureScanSpec
        {
            Aws = new AwsSpec { Enabled = true, Region = "us-west-2", ClusterName = "demo" },
            Export = new ExportSpec { SecurityHub = new SecurityHubExportSpec { Enabled = true } },
            Compliance = new ComplianceSpec { Frameworks = ["cis-eks", "pss-restricted"] },
        });
        await run.CreateScanAsync("team-a", "team-a", new PostureScanSpec());
        await run.WaitForCompletedScanAsync(OperatorRun.ControlNamespace, "cluster");
        await run.WaitForCompletedScanAsync("team-a", "team-a");
        var exported = await run.ScrapeAsync();

        var dir = Directory.CreateTempSubdirectory("kubeposture-prometheus-");
        var port = FreePort();
        File.WriteAllText(Path.Combine(dir.FullName, "prometheus.yml"), $$"""
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: {{Job}}
                static_configs: [{targets: ["127.0.0.1:{{run.MetricsPort}}"]}]
            """);
        using var prometheus = Process.Start(new ProcessStartInfo("prometheus")
        {
            ArgumentList = { $"--config.file={Path.Combine(dir.FullName, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(dir.FullName, "data")}", $"--web.listen-address=127.0.0.1:{port}" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var log = prometheus.StandardError.ReadToEndAsync(ct);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            // Three scrapes: enough samples for rate() and increase().
            await WaitForAsync(http, $"count_over_time(up{{job=\"{Job}\"}}[1m]) >= 3", prometheus, log);

            var expressions = DashboardExpressions().Select(e => ("dashboard", e))
                .Concat((await AlertExpressionsAsync()).Select(e => ("alert", e)))
                .ToList();
            Assert.True(expressions.Count >= 20, $"only {expressions.Count} expressions found");
            Assert.Contains("kubeposture_aws_requests_total", exported, StringComparison.Ordinal);
            Assert.Contains(expressions, e => e.Item2.Contains("kubeposture_aws_", StringComparison.Ordinal));
            var empty = new List<string>();
            foreach (var (source, expression) in expressions)
            {
                if (await QueryAsync(http, expression) is not > 0)
                {
                    empty.Add($"{source}: {expression}");
                }
            }

            Assert.True(empty.Count == 0, "no data for:\n" + string.Join("\n", empty));
        }
        finally
        {
            prometheus.Kill(entireProcessTree: true);
            await prometheus.WaitForExitAsync(CancellationToken.None);
            dir.Delete(recursive: true);
        }
    }

    /// <summary>The dashboard's targets with Grafana's variables set to "All" and a rate interval.</summary>
    private static IEnumerable<string> DashboardExpressions()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Tools.ChartPath, "files", "dashboard.json")));
        var list = new List<string>();
        void Walk(JsonElement panels)
        {
            foreach (var panel in panels.EnumerateArray())
            {
                if (panel.TryGetProperty("panels", out var inner))
                {
                    Walk(inner);
                }

                if (panel.TryGetProperty("targets", out var targets))
                {
                    list.AddRange(targets.EnumerateArray().Where(t => t.TryGetProperty("expr", out _)).Select(t => t.GetProperty("expr").GetString()!));
                }
            }
        }

        Walk(doc.RootElement.GetProperty("panels"));
        foreach (var variable in doc.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            if (variable.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.Object && q.GetProperty("query").GetString() is { } query
                && LabelValues().Match(query) is { Success: true } m)
            {
                list.Add(m.Groups[1].Value);
            }
        }

        return list.Select(e => e
            .Replace("$__rate_interval", "1m", StringComparison.Ordinal)
            .Replace("$scan_namespace", ".*", StringComparison.Ordinal)
            .Replace("$scan", ".*", StringComparison.Ordinal)
            .Replace("$job", ".*", StringComparison.Ordinal)
            .Replace("$cluster", ".*", StringComparison.Ordinal)
            .Replace("$framework", ".*", StringComparison.Ordinal));
    }

    /// <summary>
    /// The alert expressions as rendered, made to show their data rather than their verdict: absent(x) is queried as x,
    /// each side of unless on its own, threshold comparisons dropped.
    /// </summary>
    private static async Task<IEnumerable<string>> AlertExpressionsAsync()
    {
        var chart = await Scenarios.RenderAsync(Scenarios.Monitoring);
        return PrometheusRules.Rules(chart)
            .Select(r => r.Str("expr")!.Trim())
            .Select(e => e.StartsWith("absent(", StringComparison.Ordinal) ? e["absent(".Length..^1] : e)
            .SelectMany(e => e.Split("unless", StringSplitOptions.TrimEntries))
            .Select(e => Threshold().Replace(e, "").Trim());
    }

    /// <summary>Number of series the instant query returns; null when Prometheus rejects it.</summary>
    private static async Task<int?> QueryAsync(HttpClient http, string expression)
    {
        using var response = await http.GetAsync(new Uri("/api/v1/query?query=" + Uri.EscapeDataString(expression), UriKind.Relative), TestContext.Current.CancellationToken);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            throw new HttpRequestException("prometheus is starting");
        }

        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        if (doc.RootElement.GetProperty("status").GetString() != "success")
        {
            return null;
        }

        var data = doc.RootElement.GetProperty("data");
        return data.GetProperty("resultType").GetString() is "vector" or "matrix" ? data.GetProperty("result").GetArrayLength() : 1;
    }

    private static async Task WaitForAsync(HttpClient http, string expression, Process prometheus, Task<string> log)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(90);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            Assert.False(prometheus.HasExited, "prometheus exited: " + (prometheus.HasExited ? await log : ""));
            try
            {
                if (await QueryAsync(http, expression) is > 0)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            // Prometheus offers no notification of a completed scrape; look again after a scrape interval's fraction.
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        Assert.Fail($"prometheus did not scrape the operator within 90 s ({expression})");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"^label_values\((.+),\s*\w+\)$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"\s*(==|!=|>=|<=|>|<)\s*-?[0-9][0-9.e+]*(?=\s|\)|$)")]
    private static partial Regex Threshold();
}
