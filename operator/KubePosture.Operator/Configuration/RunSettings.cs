using System.Globalization;
using KubePosture.Api;

namespace KubePosture.Operator.Configuration;

/// <summary>
/// One setting of <c>kubeposture run</c>: its flag, the environment variables that stand in for it (first set wins),
/// its help, how its text is read into <see cref="OperatorOptions"/>, and how its value is shown. Its default is the
/// value a new <see cref="OperatorOptions"/> has; the help reads it from there.
/// </summary>
/// <param name="Flag">The flag, such as <c>--max-concurrent-scans</c>.</param>
/// <param name="Environment">Environment variables read when the flag is not given, in order.</param>
/// <param name="Help">What it does (the help adds the variables and the default).</param>
/// <param name="IsSwitch">A flag that may stand alone (<c>--leader-elect</c>) as well as take true or false.</param>
/// <param name="Show">How the setting's value in some options is shown (help, docs).</param>
/// <param name="Parse">Reads a text into options, or says why it cannot.</param>
/// <param name="DefaultText">Describes a default that is not a value (kubeconfig discovery); null: <paramref name="Show"/> of the defaults.</param>
public sealed record RunSetting(
    string Flag, IReadOnlyList<string> Environment, string Help, bool IsSwitch, Func<OperatorOptions, string> Show,
    Func<OperatorOptions, string, (OperatorOptions? Options, string? Error)> Parse, string? DefaultText = null)
{
    private static readonly OperatorOptions Defaults = new();

    /// <summary>The help line: what it does, its environment variables, its default.</summary>
    public string Description =>
        $"{Help}{(Environment.Count == 0 ? "" : $" Env {string.Join(" or ", Environment)}.")} Default {DefaultText ?? Show(Defaults)}.";

    /// <summary>Reads <paramref name="text"/> (which came from <paramref name="from"/>, a flag or variable) into <paramref name="options"/>.</summary>
    internal OperatorOptions Apply(OperatorOptions options, string from, string text, List<string> errors)
    {
        var (applied, error) = Parse(options, text);
        if (error is not null)
        {
            errors.Add($"{from} \"{text}\": {error}");
        }

        return applied ?? options;
    }
}

/// <summary>
/// The table of <c>kubeposture run</c>'s settings: flags, environment variables and help come from it, defaults from
/// <see cref="OperatorOptions"/>'s initializers, and <see cref="Resolve"/> applies flag, else environment, else default,
/// then <see cref="OperatorOptions.Validate"/>.
/// </summary>
public static class RunSettings
{
    public static IReadOnlyList<RunSetting> All { get; } =
    [
        Text("--kubeconfig", [], "Path of a kubeconfig file.", o => o.Kubeconfig, (o, v) => o with { Kubeconfig = v }, "in-cluster configuration inside a pod, else $KUBECONFIG or ~/.kube/config"),
        Text("--context", [], "kubeconfig context to use.", o => o.Context, (o, v) => o with { Context = v }, "the current context"),
        Text("--metrics-bind-address", ["KUBEPOSTURE_METRICS_BIND_ADDRESS"], "Address of the Prometheus /metrics endpoint, host:port or :port; 0 turns it off.", o => o.MetricsBindAddress, (o, v) => o with { MetricsBindAddress = v }),
        Text("--health-probe-bind-address", ["KUBEPOSTURE_HEALTH_PROBE_BIND_ADDRESS"], "Address of /healthz and /readyz, host:port or :port; 0 turns it off.", o => o.HealthProbeBindAddress, (o, v) => o with { HealthProbeBindAddress = v }),
        Switch("--leader-elect", ["KUBEPOSTURE_LEADER_ELECT"], "Elect a leader on a Lease in the control namespace so only one replica reconciles.", o => o.LeaderElect, (o, v) => o with { LeaderElect = v }),
        Text("--control-namespace", ["KUBEPOSTURE_CONTROL_NAMESPACE", "POD_NAMESPACE"], "Namespace whose PostureScans may assess the whole cluster and AWS; holds the leader Lease.", o => o.ControlNamespace, (o, v) => o with { ControlNamespace = v }),
        Text("--cluster-name", ["KUBEPOSTURE_CLUSTER_NAME"], "The cluster's name on every metric series (label cluster), in alerts and in exported findings.", o => o.ClusterName, (o, v) => o with { ClusterName = v }, "the EKS cluster name (Aws__ClusterName), else the API server's host"),
        Whole("--max-concurrent-scans", ["KUBEPOSTURE_MAX_CONCURRENT_SCANS"], $"Scans that may run at once ({OperatorOptions.MinConcurrentScans}-{OperatorOptions.MaxConcurrentScansLimit}).", o => o.MaxConcurrentScans, (o, v) => o with { MaxConcurrentScans = v }),
        Span("--leader-elect-lease-duration", ["KUBEPOSTURE_LEADER_ELECT_LEASE_DURATION"], "How long a lease not renewed blocks the others.", o => o.LeaseDuration, (o, v) => o with { LeaseDuration = v }),
        Span("--leader-elect-renew-deadline", ["KUBEPOSTURE_LEADER_ELECT_RENEW_DEADLINE"], "How long the leader retries renewing before it gives up.", o => o.RenewDeadline, (o, v) => o with { RenewDeadline = v }),
        Span("--leader-elect-retry-period", ["KUBEPOSTURE_LEADER_ELECT_RETRY_PERIOD"], "Interval of lease acquire and renew attempts (whole units: 1s, not 500ms).", o => o.RetryPeriod, (o, v) => o with { RetryPeriod = v }),
        Switch("--rescan-on-change", ["KUBEPOSTURE_RESCAN_ON_CHANGE"], "Rescan PostureScans when objects in the cluster change (after 1s of quiet, at most 5s after the first change).", o => o.ChangeRescan.Enabled, (o, v) => o with { ChangeRescan = o.ChangeRescan with { Enabled = v } }),
        Span("--change-rescan-min-interval", ["KUBEPOSTURE_CHANGE_RESCAN_MIN_INTERVAL"], "A PostureScan is rescanned for changes at most this often (or twice its last scan's duration, if longer).", o => o.ChangeRescan.MinInterval, (o, v) => o with { ChangeRescan = o.ChangeRescan with { MinInterval = v } }),
    ];

    /// <summary>
    /// The options from <paramref name="flag"/> (a setting's flag value as given, null when absent), else the first
    /// of its environment variables that <paramref name="environment"/> has, else the default; then every problem:
    /// values that do not parse (naming the flag or variable) and <see cref="OperatorOptions.Validate"/>'s.
    /// </summary>
    public static (OperatorOptions Options, IReadOnlyList<string> Errors) Resolve(Func<RunSetting, string?> flag, Func<string, string?> environment, OperatorOptions? start = null)
    {
        var options = start ?? new OperatorOptions();
        var errors = new List<string>();
        foreach (var setting in All)
        {
            var (from, text) = flag(setting) is { } given
                ? (setting.Flag, given)
                : setting.Environment.Select(name => (name, environment(name))).FirstOrDefault(p => !string.IsNullOrEmpty(p.Item2));
            if (text is not null)
            {
                options = setting.Apply(options, from!, text, errors);
            }
        }

        errors.AddRange(options.Validate());
        return (options, errors);
    }

    private static RunSetting Text(string flag, string[] environment, string help, Func<OperatorOptions, string?> get, Func<OperatorOptions, string, OperatorOptions> set, string? defaultText = null) =>
        new(flag, environment, help, false, o => get(o) ?? "", (o, v) => (set(o, v), null), defaultText);

    private static RunSetting Switch(string flag, string[] environment, string help, Func<OperatorOptions, bool> get, Func<OperatorOptions, bool, OperatorOptions> set) =>
        new(flag, environment, help, true, o => get(o) ? "true" : "false",
            (o, v) => bool.TryParse(v, out var value) ? (set(o, value), null) : (null, "expected true or false"));

    private static RunSetting Whole(string flag, string[] environment, string help, Func<OperatorOptions, int> get, Func<OperatorOptions, int, OperatorOptions> set) =>
        new(flag, environment, help, false, o => get(o).ToString(CultureInfo.InvariantCulture),
            (o, v) => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? (set(o, value), null) : (null, "expected a whole number"));

    private static RunSetting Span(string flag, string[] environment, string help, Func<OperatorOptions, TimeSpan> get, Func<OperatorOptions, TimeSpan, OperatorOptions> set) =>
        new(flag, environment, help, false, o => Duration.Format(get(o)),
            (o, v) => Duration.TryParse(v, out var value, out var error) ? (set(o, value), null) : (null, error));
}
