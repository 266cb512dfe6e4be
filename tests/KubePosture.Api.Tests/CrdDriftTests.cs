namespace KubePosture.Api.Tests;

/// <summary>
/// The committed CRDs (crds/ and the chart's copy) must equal the generator's output. To regenerate after
/// changing the API types: <c>make crds</c>, or without the operator binary
/// <c>KUBEPOSTURE_UPDATE_CRDS=1 dotnet test --project tests/KubePosture.Api.Tests -- --filter-class "*CrdDriftTests"</c>.
/// </summary>
public class CrdDriftTests
{
    private static readonly string[] Directories = ["crds", Path.Combine("charts", "kubeposture", "crds")];

    [Fact]
    public void Committed_crds_match_the_generated_output()
    {
        if (Environment.GetEnvironmentVariable("KUBEPOSTURE_UPDATE_CRDS") == "1")
        {
            foreach (var directory in Directories)
                CrdGenerator.WriteTo(Path.Combine(RepositoryRoot.Path, directory));
        }

        var generated = CrdGenerator.Generate();
        foreach (var directory in Directories)
        {
            var full = Path.Combine(RepositoryRoot.Path, directory);
            Assert.True(Directory.Exists(full), $"{directory}/ is missing; run `make crds`");
            var committed = Directory.EnumerateFiles(full, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(generated.Select(g => g.FileName).Order(StringComparer.Ordinal), committed);
            foreach (var (fileName, yaml) in generated)
            {
                var onDisk = File.ReadAllText(Path.Combine(full, fileName));
                Assert.True(onDisk == yaml, $"{directory}/{fileName} differs from the generator's output; run `make crds` and commit the result");
            }
        }
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        var first = CrdGenerator.Generate();
        var second = CrdGenerator.Generate();
        Assert.Equal(first, second);
    }
}
