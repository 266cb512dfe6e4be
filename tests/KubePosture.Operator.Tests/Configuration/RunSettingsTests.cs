using KubePosture.Operator.Configuration;

namespace KubePosture.Operator.Tests.Configuration;

/// <summary>
/// Issue 20 item 4: the <c>run</c> verb's settings come from one table (flag, environment variables, help), their
/// defaults are declared once (on <see cref="OperatorOptions"/>, and the help text reads them), and one
/// <see cref="OperatorOptions.Validate"/> checks them.
/// </summary>
public sealed class RunSettingsTests
{
    private static (OperatorOptions Options, IReadOnlyList<string> Errors) Resolve(Dictionary<string, string>? flags = null, Dictionary<string, string>? environment = null) =>
        RunSettings.Resolve(s => flags?.GetValueOrDefault(s.Flag), name => environment?.GetValueOrDefault(name));

    [Fact]
    public void A_flag_wins_over_the_environment_which_wins_over_the_default()
    {
        var (byDefault, none) = Resolve();
        var (byEnvironment, _) = Resolve(environment: new() { ["KUBEPOSTURE_LEADER_ELECT_LEASE_DURATION"] = "30s", ["POD_NAMESPACE"] = "ops" });
        var (byFlag, _) = Resolve(new() { ["--leader-elect-lease-duration"] = "40s", ["--control-namespace"] = "platform" },
            new() { ["KUBEPOSTURE_LEADER_ELECT_LEASE_DURATION"] = "30s", ["KUBEPOSTURE_CONTROL_NAMESPACE"] = "security", ["POD_NAMESPACE"] = "ops" });

        Assert.Empty(none);
        Assert.Equal((TimeSpan.FromSeconds(15), "kubeposture"), (byDefault.LeaseDuration, byDefault.ControlNamespace));
        Assert.Equal((TimeSpan.FromSeconds(30), "ops"), (byEnvironment.LeaseDuration, byEnvironment.ControlNamespace));
        Assert.Equal((TimeSpan.FromSeconds(40), "platform"), (byFlag.LeaseDuration, byFlag.ControlNamespace));
    }

    [Fact]
    public void Every_setting_has_an_environment_variable_and_help_naming_it_and_the_default_it_resolves_to()
    {
        var (defaults, _) = Resolve();
        foreach (var setting in RunSettings.All.Where(s => s.Flag is not "--kubeconfig" and not "--context"))
        {
            Assert.NotEmpty(setting.Environment);
            Assert.All(setting.Environment, name => Assert.Contains(name, setting.Description, StringComparison.Ordinal));
            Assert.Contains($"Default {setting.DefaultText ?? setting.Show(defaults)}.", setting.Description, StringComparison.Ordinal);
        }

        Assert.Equal(RunSettings.All.Count, RunSettings.All.Select(s => s.Flag).Distinct().Count());
    }

    [Fact]
    public void A_value_that_does_not_parse_names_where_it_came_from()
    {
        var (_, errors) = Resolve(new() { ["--max-concurrent-scans"] = "many" }, new() { ["KUBEPOSTURE_LEADER_ELECT"] = "yes", ["KUBEPOSTURE_CHANGE_RESCAN_MIN_INTERVAL"] = "soon" });

        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("--max-concurrent-scans \"many\":", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("KUBEPOSTURE_LEADER_ELECT \"yes\": expected true or false", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("KUBEPOSTURE_CHANGE_RESCAN_MIN_INTERVAL \"soon\":", StringComparison.Ordinal));
    }

    [Fact]
    public void Leader_election_timings_out_of_order_are_one_problem()
    {
        var (options, errors) = Resolve(new() { ["--leader-elect-retry-period"] = "20s" });

        var problem = Assert.Single(errors);
        Assert.Contains("--leader-elect-retry-period", problem, StringComparison.Ordinal);
        Assert.Equal(problem, Assert.Single(options.Validate()));
    }

    [Fact]
    public void Range_messages_quote_the_declared_default()
    {
        var errors = new OperatorOptions { MaxConcurrentScans = 0 }.Validate();

        Assert.Equal($"--max-concurrent-scans 0: must be between 1 and 64 (default {new OperatorOptions().MaxConcurrentScans})", Assert.Single(errors));
    }

    [Fact]
    public void The_operations_guide_lists_every_setting_with_its_variables_and_default()
    {
        var guide = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "docs", "operations.md"));
        var (defaults, _) = Resolve();
        foreach (var setting in RunSettings.All.Where(s => s.Flag is not "--kubeconfig" and not "--context"))
        {
            var row = guide.SingleOrDefault(l => l.StartsWith($"| `{setting.Flag}` |", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/operations.md has no row for {setting.Flag}");
            var cells = row.Split('|', StringSplitOptions.TrimEntries);
            Assert.Equal(string.Join(", then ", setting.Environment.Select(e => $"`{e}`")), cells[2]);
            if (setting.DefaultText is null)
                Assert.StartsWith($"`{setting.Show(defaults)}`", cells[3], StringComparison.Ordinal);
        }
    }
}
