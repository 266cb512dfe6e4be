namespace KubePosture.Chart.Tests;

/// <summary>
/// The real tools the chart is tested with. helm comes from KUBEPOSTURE_TOOLS or the repository's .tools/
/// (`make tools`); promtool from KUBEPOSTURE_PROMTOOL or PATH (Debian package prometheus). Missing tools fail
/// the tests loudly: a chart test that silently skips proves nothing.
/// </summary>
internal static class Tools
{
    // First: the static initialisers below run in textual order and FindHelm reads it.
    public static string RepositoryRoot { get; } = KubePosture.Tests.Shared.RepositoryRoot.Path;

    public static string Helm { get; } = FindHelm();

    public static string Promtool { get; } = FindPromtool();

    public static string ChartPath => Path.Combine(RepositoryRoot, "charts", "kubeposture");

    private static string FindHelm()
    {
        var dirs = new[] { Environment.GetEnvironmentVariable("KUBEPOSTURE_TOOLS"), Path.Combine(RepositoryRoot, ".tools") };
        foreach (var dir in dirs)
        {
            if (!string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, "helm")))
                return Path.Combine(dir, "helm");
        }

        throw new InvalidOperationException(
            $"helm not found in KUBEPOSTURE_TOOLS ({dirs[0] ?? "unset"}) or {dirs[1]}; run `make tools` to fetch it");
    }

    private static string FindPromtool()
    {
        var fromEnv = Environment.GetEnvironmentVariable("KUBEPOSTURE_PROMTOOL");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
            return fromEnv;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "promtool");
            if (File.Exists(candidate))
                return candidate;
        }

        throw new InvalidOperationException(
            "promtool not found (KUBEPOSTURE_PROMTOOL or PATH); install the Debian package: apt-get install -y prometheus (scripts/ci-prereqs.sh does it in CI)");
    }
}
