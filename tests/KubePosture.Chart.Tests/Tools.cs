namespace KubePosture.Chart.Tests;

/// <summary>
/// The real tools the chart is tested with (<see cref="ExternalTools"/>): each is looked up when a test uses it, so a
/// missing promtool fails the promtool tests only. Missing tools fail loudly: a chart test that silently skips
/// proves nothing.
/// </summary>
internal static class Tools
{
    public static string RepositoryRoot => KubePosture.Tests.Shared.RepositoryRoot.Path;

    public static string Helm => ExternalTools.Helm;

    public static string Promtool => ExternalTools.Promtool;

    public static string ChartPath => Path.Combine(RepositoryRoot, "charts", "kubeposture");
}
