using System.CommandLine;
using System.CommandLine.Parsing;
using KubePosture.Operator.Configuration;
using KubePosture.Operator.Hosting;

namespace KubePosture.Operator.Cli;

/// <summary>
/// <c>kubeposture run</c>: the operator. Its flags, their environment fallbacks (<c>KUBEPOSTURE_*</c>, plus the
/// downward-API <c>POD_NAMESPACE</c> and <c>POD_NAME</c>) and help come from <see cref="RunSettings"/>; flags win.
/// Invalid settings stop the start with exit code 2 and one line per problem naming the flag, the value and the fix.
/// </summary>
public static class RunCommand
{
    public const int InvalidConfiguration = 2;

    public static Command Create()
    {
        var flags = RunSettings.All.ToDictionary(s => s, Option (s) => s.IsSwitch
            ? new Option<bool?>(s.Flag) { Description = s.Description }
            : new Option<string?>(s.Flag) { Description = s.Description });
        var command = new Command("run", "Run the operator against the cluster (in-cluster configuration, or the current kubeconfig context like kubebuilder's make run).");
        foreach (var option in flags.Values)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var identity = $"{Env("POD_NAME") ?? Env("HOSTNAME") ?? Environment.MachineName}_{Guid.NewGuid().ToString("N")[..8]}";
            var (options, problems) = RunSettings.Resolve(s => FlagText(parse, flags[s]), Env, new OperatorOptions { Identity = identity });
            var errors = problems.ToList();
            k8s.KubernetesClientConfiguration? kubeConfig = null;
            if (errors.Count == 0)
            {
                try
                {
                    kubeConfig = KubeConfigLoader.Load(options);
                }
                catch (Exception e) when (e is InvalidOperationException or k8s.Exceptions.KubeConfigException or IOException)
                {
                    errors.Add(e.Message);
                }
            }

            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync("kubeposture run: invalid configuration:");
                foreach (var error in errors)
                {
                    await Console.Error.WriteLineAsync("  - " + error);
                }

                return InvalidConfiguration;
            }

            await using var app = OperatorHost.Build(options, kubeConfig!);
            await app.RunAsync();
            return Environment.ExitCode;
        });
        return command;
    }

    private static string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;

    /// <summary>A flag's value as given on the command line (a switch given alone is "true"), or null when absent.</summary>
    private static string? FlagText(ParseResult parse, Option option) => parse.GetResult(option) is null
        ? null
        : option switch
        {
            Option<bool?> flag => parse.GetValue(flag) is { } on ? (on ? "true" : "false") : null,
            Option<string?> flag => parse.GetValue(flag),
            _ => throw new ArgumentException($"unexpected option type {option.GetType().Name}", nameof(option)),
        };
}
