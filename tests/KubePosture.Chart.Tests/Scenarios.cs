namespace KubePosture.Chart.Tests;

/// <summary>The values matrix: each is a file in charts/kubeposture/ci/ (chart-testing's convention).</summary>
public static class Scenarios
{
    public const string Defaults = "defaults";
    public const string Irsa = "irsa";
    public const string PodIdentity = "podidentity";
    public const string Monitoring = "monitoring";
    public const string Reports = "reports";
    public const string HighAvailability = "ha";

    public static TheoryData<string> All => new(Defaults, Irsa, PodIdentity, Monitoring, Reports, HighAvailability);

    public static string ValuesFile(string scenario) => Path.Combine("ci", $"{scenario}-values.yaml");

    internal static Task<RenderedChart> RenderAsync(string scenario, params string[] sets) =>
        RenderedChart.RenderAsync([ValuesFile(scenario)], sets, TestContext.Current.CancellationToken);
}
