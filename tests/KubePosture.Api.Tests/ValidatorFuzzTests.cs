namespace KubePosture.Api.Tests;

/// <summary>
/// Issue 15: the validators on random specs (long strings, unicode, control and invisible characters, nulls where the
/// schema would allow them): no exception escapes, every message is bounded, and the cost stays bounded.
/// </summary>
public class ValidatorFuzzTests
{
    private static readonly string[] Pieces =
    [
        "pod.privileged", "pod.*", "rbac", "*", "?*", "**", "*.*", "no-such-check", "0 */6 * * *", "0 */6 * * *\n", "*/1 * * * *",
        "@hourly", "@reboot", "60d", "5m", "1m", "0s", "99999999d", "-1h", "High", "none", "\u200b", "😀", "\u202e", "\0", "a\nb",
        "\"", "\\", "", " ", "L W #", "0 0 30 2 *", "arn:aws:iam::123456789012:role/x", "eu-west-1",
    ];

    [Fact]
    public void Random_scan_specs_never_throw_and_give_bounded_messages()
    {
        var random = new Random(15);
        var started = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            var spec = ScanSpec(random);
            var normalized = PostureScanValidator.Normalize(spec);
            var issues = PostureScanValidator.Validate(normalized, Catalog.CheckIds, Catalog.Categories, Catalog.Now, ["team-a", "team-b", "kube-system"]);
            _ = PostureScanValidator.ValidateScope(normalized, random.Next(2) == 0 ? "kubeposture" : "team-a", "kubeposture");
            Assert.InRange(issues.ToMessage().Length, 0, BoundedText.MaxConditionMessage);
            Assert.InRange(issues.Errors().ToMessage().Length, 0, BoundedText.MaxConditionMessage);
        }

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"2000 validations took {started.Elapsed}");
    }

    [Fact]
    public void Random_exception_specs_never_throw_and_give_bounded_messages()
    {
        var random = new Random(16);
        for (var i = 0; i < 2000; i++)
        {
            var spec = new PostureExceptionSpec
            {
                Checks = random.Next(8) == 0 ? null! : List(random),
                Justification = random.Next(8) == 0 ? null! : Text(random),
                ExpiresAt = random.Next(6) == 0 ? default : Catalog.Now.UtcDateTime.AddDays(random.Next(-400, 800)),
                Resources = random.Next(3) == 0 ? null : [.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => random.Next(6) == 0 ? null! : new ResourceMatch
                {
                    Kind = Maybe(random), Namespace = Maybe(random), Name = Maybe(random),
                    Selector = random.Next(4) == 0 ? new LabelSelectorSpec { MatchLabels = new() { [Text(random) + "k"] = Text(random) } } : null,
                })],
            };
            var issues = PostureExceptionValidator.Validate(spec, Catalog.CheckIds, Catalog.Now, random.Next(2) == 0 ? null : Catalog.Now.AddDays(-random.Next(0, 30)));
            _ = PostureExceptionValidator.ValidateScope(spec, "team-a", "kubeposture");
            Assert.InRange(issues.ToMessage().Length, 0, BoundedText.MaxConditionMessage);
        }
    }

    private static PostureScanSpec ScanSpec(Random random) => new()
    {
        Schedule = Maybe(random),
        Interval = random.Next(3) == 0 ? Text(random) : "6h",
        Suspend = random.Next(8) == 0,
        Scope = random.Next(2) == 0 ? null : new ScanScope
        {
            IncludeNamespaces = List(random),
            ExcludeNamespaces = List(random),
            ClusterResources = random.Next(3) == 0 ? true : null,
            NamespaceSelector = random.Next(4) == 0 ? new LabelSelectorSpec
            {
                MatchLabels = new() { [Text(random) + "k"] = Text(random) },
                MatchExpressions = [new LabelSelectorRequirementSpec { Key = Text(random), Operator = Text(random), Values = List(random) }, null!],
            } : null,
        },
        Checks = random.Next(2) == 0 ? null : new CheckSelectionSpec { Include = List(random), Exclude = List(random), MinSeverity = Maybe(random) },
        FailOn = random.Next(4) == 0 ? Text(random) : "High",
        SeverityOverrides = random.Next(3) == 0 ? null : Enumerable.Range(0, random.Next(0, 40)).ToDictionary(i => Text(random) + i, _ => random.Next(3) == 0 ? Text(random) : "High"),
        Aws = random.Next(3) == 0 ? null : new AwsSpec { Enabled = random.Next(2) == 0, Region = Maybe(random), ClusterName = Maybe(random), RoleArn = Maybe(random), EcsClusters = List(random) },
        Ecr = random.Next(4) == 0 ? new EcrSpec { MaxScanAge = Text(random) } : null,
        Nodes = random.Next(4) == 0 ? new NodesSpec { MaxNodeAge = Maybe(random) } : null,
        Images = random.Next(4) == 0 ? new ImagesSpec { AllowedRegistries = List(random) } : null,
        Reporting = random.Next(4) == 0 ? null! : new ReportingSpec { MaxFindingsInStatus = random.Next(-10, 500), MaxResultsPerReport = random.Next(-10, 10_000) },
        Exceptions = random.Next(6) == 0 ? null! : new ExceptionsSpec(),
    };

    private static List<string> List(Random random) => [.. Enumerable.Range(0, random.Next(0, 30)).Select(_ => random.Next(10) == 0 ? null! : Text(random))];

    private static string? Maybe(Random random) => random.Next(3) == 0 ? null : Text(random);

    private static string Text(Random random) => random.Next(8) switch
    {
        0 => new string((char)random.Next(0x20, 0xD7FF), random.Next(1, 12_000)),
        1 => string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => Pieces[random.Next(Pieces.Length)])),
        2 => new string('a', random.Next(90, 400)),
        _ => Pieces[random.Next(Pieces.Length)],
    };
}
