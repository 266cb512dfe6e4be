namespace KubePosture.Chart.Tests;

/// <summary>
/// `make test` sets itself up: scripts/ci-prereqs.sh is idempotent and silent once everything is installed (which
/// `make test` has just made true), `--check` names each missing tool with its install hint, and a tool lookup
/// that fails is one line naming where it looked and how to install.
/// </summary>
public sealed class TestSetupTests : IDisposable
{
    private static string Script => Path.Combine(Tools.RepositoryRoot, "scripts", "ci-prereqs.sh");

    private readonly string _dir = Directory.CreateTempSubdirectory("kubeposture-setup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Prereq_script_run_twice_with_everything_present_succeeds_silently()
    {
        for (var run = 1; run <= 2; run++)
        {
            var result = await ProcessRunner.RunAsync("bash", [Script], null, TestContext.Current.CancellationToken);
            Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0, $"run {run}: {result.Describe()}");
        }

        var check = await ProcessRunner.RunAsync("bash", [Script, "--check"], null, TestContext.Current.CancellationToken);
        Assert.True(check.ExitCode == 0 && check.Stdout.Length == 0 && check.Stderr.Length == 0, check.Describe());
    }

    [Fact]
    public async Task Prereq_check_on_a_machine_without_the_tools_names_each_with_its_install_hint()
    {
        // An empty PATH (the script needs only bash builtins in --check): promtool, dotnet, npm and python3 are all missing.
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;

        var result = await ProcessRunner.RunAsync(ExternalTools.Find("bash", [], "bash"), [Script, "--check"], null, TestContext.Current.CancellationToken,
            new Dictionary<string, string> { ["PATH"] = bin });

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var lines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("ci-prereqs: missing Debian package prometheus: apt-get install -y prometheus", lines);
        Assert.Contains(lines, l => l.StartsWith("ci-prereqs: missing dotnet: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ci-prereqs: missing npm: ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ci-prereqs: missing moto and boto3: ", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.Matches("^ci-prereqs: missing [^:]+: .+", l));
    }

    [Fact]
    public async Task Buildah_is_checked_only_for_make_dockerfile_test()
    {
        // make test needs no buildah; make dockerfile-test asks for it with --dockerfile (and for everything make test needs).
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        var bash = ExternalTools.Find("bash", [], "bash");
        var emptyPath = new Dictionary<string, string> { ["PATH"] = bin };

        var test = await ProcessRunner.RunAsync(bash, [Script, "--check"], null, TestContext.Current.CancellationToken, emptyPath);
        var dockerfile = await ProcessRunner.RunAsync(bash, [Script, "--check", "--dockerfile"], null, TestContext.Current.CancellationToken, emptyPath);

        Assert.Equal(1, test.ExitCode);
        Assert.DoesNotContain("buildah", test.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, dockerfile.ExitCode);
        var lines = dockerfile.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("ci-prereqs: missing Debian package buildah: apt-get install -y buildah", lines);
        Assert.Contains("ci-prereqs: missing Debian package prometheus: apt-get install -y prometheus", lines);
    }

    [Fact]
    public async Task Prereq_script_rejects_an_unknown_option()
    {
        var result = await ProcessRunner.RunAsync("bash", [Script, "--dockerfiel"], null, TestContext.Current.CancellationToken);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--dockerfiel", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_tool_is_one_line_naming_where_it_looked_and_the_install_hint()
    {
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "empty")).FullName;

        var e = Assert.Throws<ToolNotFoundException>(() => ExternalTools.Find("promtool", [empty], "apt-get install -y prometheus", path: ""));

        Assert.Equal($"promtool not found (looked in {empty}); apt-get install -y prometheus", e.Message);
    }

    [Fact]
    public void A_tool_is_found_in_the_first_directory_holding_it_before_path()
    {
        var pinned = Directory.CreateDirectory(Path.Combine(_dir, "pinned")).FullName;
        var onPath = Directory.CreateDirectory(Path.Combine(_dir, "path")).FullName;
        File.WriteAllText(Path.Combine(pinned, "kubectl"), "");
        File.WriteAllText(Path.Combine(onPath, "kubectl"), "");

        Assert.Equal(Path.Combine(pinned, "kubectl"), ExternalTools.Find("kubectl", [null, pinned], "make tools", path: onPath));
        Assert.Equal(Path.Combine(onPath, "kubectl"), ExternalTools.Find("kubectl", [Path.Combine(_dir, "nothing")], "make tools", path: onPath));
    }
}
