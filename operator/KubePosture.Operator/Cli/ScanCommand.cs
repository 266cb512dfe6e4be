using System.CommandLine;
using System.CommandLine.Invocation;
using KubePosture.Checks.Engine;
using KubePosture.Checks.Model;
using KubePosture.Aws.Collection;
using KubePosture.Operator.Cli.Scan;
using Microsoft.Extensions.DependencyInjection;

namespace KubePosture.Operator.Cli;

/// <summary>
/// <c>kubeposture scan -f &lt;file|dir|-&gt; [-o table|json|sarif|asff] [--fail-on &lt;severity&gt;] [--checks ids] [--skip ids]</c>:
/// assesses manifests without a cluster. Exit codes: 0 ok, 1 a finding at or above --fail-on, 2 usage or input
/// error (malformed documents are reported on standard error and skipped; the report covers the rest).
/// </summary>
public static class ScanCommand
{
    public static Command Create() => Create(null, TimeProvider.System);

    /// <param name="standardInput">Read for <c>-f -</c>; null means the console's.</param>
    /// <param name="time">The scan's clock.</param>
    /// <param name="configureAws">Runs after the AWS access layer's registration (tests replace the session factory).</param>
    public static Command Create(TextReader? standardInput, TimeProvider time, Action<IServiceCollection>? configureAws = null)
    {
        var files = new Option<string[]>("--filename", "-f")
        {
            Description = "Manifest file, directory (read recursively: *.yaml, *.yml, *.json) or - for standard input. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string>("--output", "-o") { Description = "Report format: table, json, sarif, junit (a testcase per compliance control), csv (a row per control and failing resource) or asff (AWS Security Finding Format for aws securityhub batch-import-findings; needs --account-id, --region and --cluster-name).", DefaultValueFactory = _ => "table" };
        var framework = new Option<string[]>("--framework") { Description = "Compliance frameworks to report (cis-eks, nsa-cisa, pss-baseline, pss-restricted, aws-fsbp), comma-separated or repeated: a per-control table in table output, a compliance section in json. junit and csv report every framework unless named." };
        var failOn = new Option<string?>("--fail-on") { Description = "Exit with 1 when a finding is at or above this severity: critical, high, medium, low or info." };
        var checks = new Option<string[]>("--checks") { Description = "Only these checks: ids, globs (pod.*) or categories (rbac), comma-separated or repeated." };
        var skip = new Option<string[]>("--skip") { Description = "Skip these checks: ids, globs or categories, comma-separated or repeated." };
        var includeSystem = new Option<bool>("--include-system-namespaces") { Description = "Assess kube-system, kube-public and kube-node-lease like other namespaces (network policy checks)." };
        var listChecks = new Option<bool>("--list-checks") { Description = "List the check ids, categories and default severities, then exit." };
        var aws = new Option<bool>("--aws") { Description = "Also read the AWS account around the cluster (default credential chain) and run the AWS-side and linked checks." };
        var region = new Option<string?>("--region") { Description = "With --aws: the cluster's region. Default: Aws__Region, AWS_REGION, else the nodes' providerIDs." };
        var clusterName = new Option<string?>("--cluster-name") { Description = "With --aws: the EKS cluster name. Default: Aws__ClusterName, else node labels and EC2 tags." };
        var roleArn = new Option<string?>("--role-arn") { Description = "With --aws: an IAM role to assume for the reads." };
        var endpointUrl = new Option<string?>("--aws-endpoint-url") { Description = "With --aws: one endpoint for every AWS service (an emulator, a proxy). Per service: Aws__Endpoints__<service>." };
        var accountId = new Option<string?>("--account-id") { Description = "With -o asff: the AWS account the findings are imported into (AwsAccountId, product ARN, cluster ARN)." };

        var command = new Command("scan", "Assess Kubernetes manifests offline (YAML, JSON, List dumps, helm template output).")
        {
            files, output, failOn, checks, skip, includeSystem, listChecks, aws, region, clusterName, roleArn, endpointUrl, framework, accountId,
        };
        command.TreatUnmatchedTokensAsErrors = true;
        command.Action = new ScanAction(parse =>
        {
            var outWriter = parse.InvocationConfiguration.Output;
            var errWriter = parse.InvocationConfiguration.Error;
            // Parse errors are cleared so that this action runs (exit 2, not 1); unknown arguments are still errors.
            if (parse.Errors.Count > 0 || parse.UnmatchedTokens.Count > 0)
                return Usage(errWriter, [.. parse.Errors.Select(e => e.Message), .. parse.UnmatchedTokens.Select(t => $"\"{t}\": unknown option or argument; see kubeposture scan --help")]);
            if (parse.GetValue(listChecks))
            {
                ListChecks(outWriter);
                return ScanExitCodes.Ok;
            }

            var problems = new List<string>();
            var paths = parse.GetValue(files) ?? [];
            if (paths.Length == 0)
                problems.Add("-f/--filename: required; pass a manifest file, a directory, or - for standard input");
            var formatText = parse.GetValue(output) ?? "table";
            if (!Enum.TryParse<ScanOutputFormat>(formatText, ignoreCase: true, out var format) || !Enum.IsDefined(format) || int.TryParse(formatText, out _))
                problems.Add($"-o/--output \"{formatText}\": unknown format; use table, json, sarif, junit, csv or asff");
            Severity? threshold = null;
            if (parse.GetValue(failOn) is { } failText)
            {
                if (Enum.TryParse<Severity>(failText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(failText, out _))
                    threshold = parsed;
                else
                    problems.Add($"--fail-on \"{failText}\": unknown severity; use critical, high, medium, low or info");
            }

            var awsRequest = new OfflineAwsRequest(parse.GetValue(region), parse.GetValue(clusterName), parse.GetValue(roleArn), parse.GetValue(endpointUrl));
            var withAws = parse.GetValue(aws);
            var asff = format == ScanOutputFormat.Asff;
            if (!withAws && (awsRequest.RoleArn ?? awsRequest.EndpointUrl ?? (asff ? null : awsRequest.Region ?? awsRequest.ClusterName)) is not null)
                problems.Add("--region, --cluster-name, --role-arn and --aws-endpoint-url need --aws (--region and --cluster-name also go with -o asff)");
            var account = parse.GetValue(accountId);
            if (account is not null && !asff)
                problems.Add("--account-id: only used with -o asff");
            if (asff)
                problems.AddRange(AsffProblems(account, awsRequest));
            if (awsRequest.Region is { } r && !System.Text.RegularExpressions.Regex.IsMatch(r, KubePosture.Api.AwsSpec.RegionPattern))
                problems.Add($"--region \"{r}\": not an AWS region such as eu-west-1");
            if (awsRequest.RoleArn is { } arn && !System.Text.RegularExpressions.Regex.IsMatch(arn, KubePosture.Api.AwsSpec.RoleArnPattern))
                problems.Add($"--role-arn \"{arn}\": not an IAM role ARN such as arn:aws:iam::123456789012:role/name");
            if (awsRequest.EndpointUrl is { } url && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
                problems.Add($"--aws-endpoint-url \"{url}\": not an http(s) URL");
            var frameworkIds = SplitList(parse.GetValue(framework));
            problems.AddRange(KubePosture.Checks.Compliance.FrameworkCatalog.Validate(frameworkIds, "--framework"));
            var options = new ScanOptions(paths, format, threshold, SplitList(parse.GetValue(checks)), SplitList(parse.GetValue(skip)), parse.GetValue(includeSystem))
            {
                Frameworks = frameworkIds,
            };
            problems.AddRange(OfflineScanner.Selection(options).Validate());
            if (problems.Count > 0)
                return Usage(errWriter, problems);

            ScanReport report;
            try
            {
                report = OfflineScanner.Scan(options, standardInput ?? Console.In, time, e => errWriter.WriteLine($"error: {e}"),
                    withAws ? OfflineAws.Collector(awsRequest, configureAws) : null);
            }
            catch (AwsScopeException ex)
            {
                return Usage(errWriter, [$"--aws: {ex.Message}"]);
            }
            catch (FileNotFoundException ex)
            {
                return Usage(errWriter, [ex.Message]);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errWriter.WriteLine($"error: {ex.Message}");
                return ScanExitCodes.UsageOrInputError;
            }

            Write(report, format, outWriter, asff ? new Aws.SecurityHub.AsffSource(Checks.Aws.AwsPartitions.ForRegion(awsRequest.Region!), awsRequest.Region!,
                account!, awsRequest.ClusterName!, "offline") : null, time.GetUtcNow());
            foreach (var missing in report.AwsUnavailable)
                errWriter.WriteLine($"warning: AWS {missing}");
            if (report.AwsUnavailable.Count > 0)
                errWriter.WriteLine($"warning: {report.Engine.ChecksNotEvaluated.Count} checks not evaluated; the report is partial");
            if (report.InputErrors.Count > 0)
            {
                errWriter.WriteLine($"error: {report.InputErrors.Count} malformed document(s) skipped; fix them and scan again");
                return ScanExitCodes.UsageOrInputError;
            }

            return OfflineScanner.Fails(report, threshold) ? ScanExitCodes.FindingsAtOrAboveThreshold : ScanExitCodes.Ok;
        });
        return command;
    }

    /// <summary>-o asff names the account, region and cluster the finding Ids and ARNs are built from.</summary>
    private static IEnumerable<string> AsffProblems(string? account, OfflineAwsRequest request)
    {
        if (account is null)
            yield return "--account-id: required with -o asff; pass the 12-digit AWS account the findings go to";
        else if (!System.Text.RegularExpressions.Regex.IsMatch(account, "^[0-9]{12}$"))
            yield return $"--account-id \"{account}\": not a 12-digit AWS account id";
        if (request.Region is null)
            yield return "--region: required with -o asff; pass the Security Hub region such as eu-west-1";
        if (request.ClusterName is null)
            yield return "--cluster-name: required with -o asff; pass the cluster's name (the EKS cluster name for an EKS cluster)";
        else if (!System.Text.RegularExpressions.Regex.IsMatch(request.ClusterName, KubePosture.Api.AwsSpec.ClusterNamePattern))
            yield return $"--cluster-name \"{request.ClusterName}\": letters, digits, - and _ only, starting with a letter or digit";
    }

    private static void Write(ScanReport report, ScanOutputFormat format, TextWriter output, Aws.SecurityHub.AsffSource? asff, DateTimeOffset scanTime)
    {
        if (format == ScanOutputFormat.Table)
        {
            TableReportWriter.Write(report, output);
            return;
        }

        if (format == ScanOutputFormat.Csv)
        {
            CsvReportWriter.Write(report, output);
            output.Flush();
            return;
        }

        using var buffer = new MemoryStream();
        switch (format)
        {
            case ScanOutputFormat.Json:
                JsonReportWriter.Write(report, buffer);
                break;
            case ScanOutputFormat.Junit:
                JunitReportWriter.Write(report, buffer);
                break;
            case ScanOutputFormat.Asff:
                AsffReportWriter.Write(report, asff!, scanTime, buffer);
                break;
            default:
                SarifReportWriter.Write(report, buffer);
                break;
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Flush();
    }

    private static void ListChecks(TextWriter output)
    {
        var checks = CheckCatalog.All.Select(c => c.Descriptor).ToArray();
        var width = checks.Max(d => d.Id.Length);
        var categoryWidth = checks.Max(d => d.Category.Length);
        foreach (var d in checks)
            output.WriteLine($"{d.Id.PadRight(width)}  {d.Category.PadRight(categoryWidth)}  {d.DefaultSeverity,-8}  {d.Title}");
    }

    /// <summary>"a,b" and repeated options both work.</summary>
    private static string[] SplitList(string[]? values)
        => values is null ? [] : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))];

    private static int Usage(TextWriter error, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
            error.WriteLine($"error: {problem}");
        error.WriteLine("usage: kubeposture scan -f <file|dir|-> [-o table|json|sarif|junit|csv|asff [--account-id a --region r --cluster-name n]] [--framework ids] [--fail-on <severity>] [--checks ids] [--skip ids] [--aws [--region r] [--cluster-name n]]");
        return ScanExitCodes.UsageOrInputError;
    }

    /// <summary>Runs even when parsing failed, so that usage errors exit with 2 rather than System.CommandLine's 1.</summary>
    private sealed class ScanAction(Func<ParseResult, int> run) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult) => run(parseResult);
    }
}
