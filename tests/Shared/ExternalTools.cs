namespace KubePosture.Tests.Shared;

/// <summary>
/// The real tools some tests drive (helm, kubectl, promtool), looked up when a test asks for one, never in a static
/// initializer: a missing tool fails only the tests that use it, each with the one-line install hint. helm and
/// kubectl come from `make tools` (KUBEPOSTURE_TOOLS, else the repository's .tools/) before PATH, so every machine
/// tests the same pinned versions; promtool from KUBEPOSTURE_PROMTOOL or PATH (Debian package prometheus).
/// `make test` installs all of them first (scripts/ci-prereqs.sh, then scripts/tools.sh).
/// </summary>
internal static class ExternalTools
{
    public static string Helm => Find("helm", PinnedDirectories(), "run `make tools` (scripts/tools.sh fetches helm into .tools/)");

    public static string Kubectl => Find("kubectl", PinnedDirectories(), "run `make tools` (scripts/tools.sh fetches kubectl into .tools/)");

    public static string Promtool => Find("promtool", [],
        "run scripts/ci-prereqs.sh as root (it runs apt-get install -y prometheus), or set KUBEPOSTURE_PROMTOOL", exactFile: Environment.GetEnvironmentVariable("KUBEPOSTURE_PROMTOOL"));

    private static string?[] PinnedDirectories() =>
        [Environment.GetEnvironmentVariable("KUBEPOSTURE_TOOLS"), Path.Combine(RepositoryRoot.Path, ".tools")];

    /// <summary>
    /// <paramref name="exactFile"/> when it exists, else <paramref name="name"/> in the first of
    /// <paramref name="directories"/> then PATH that holds it; otherwise throws one line naming where it looked and
    /// how to install it.
    /// </summary>
    public static string Find(string name, IEnumerable<string?> directories, string installHint, string? exactFile = null, string? path = null)
    {
        if (!string.IsNullOrEmpty(exactFile) && File.Exists(exactFile))
            return exactFile;
        var searched = directories
            .Concat((path ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            .Where(d => !string.IsNullOrEmpty(d))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var dir in searched)
        {
            var candidate = Path.Combine(dir!, name);
            if (File.Exists(candidate))
                return candidate;
        }

        throw new ToolNotFoundException($"{name} not found (looked in {string.Join(", ", searched)}); {installHint}");
    }
}

/// <summary>A tool a test needs is not installed; the message is one line with the install hint.</summary>
internal sealed class ToolNotFoundException(string message) : Exception(message);
