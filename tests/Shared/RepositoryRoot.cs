namespace KubePosture.Tests.Shared;

/// <summary>
/// The repository root (the folder holding KubePosture.slnx), found from the test's output directory. Compiled into
/// every test project by tests/Directory.Build.props.
/// </summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "KubePosture.slnx")))
                return dir.FullName;
        }

        throw new InvalidOperationException($"no KubePosture.slnx above {AppContext.BaseDirectory}");
    }
}
