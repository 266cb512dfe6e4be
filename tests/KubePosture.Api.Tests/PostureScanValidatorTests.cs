namespace KubePosture.Api.Tests;

public class PostureScanValidatorTests
{
    private static IReadOnlyList<ValidationIssue> Validate(PostureScanSpec spec, IReadOnlyCollection<string>? namespaces = null) =>
        PostureScanValidator.Validate(spec, Catalog.CheckIds, Catalog.Categories, Catalog.Now, namespaces);

    private static ValidationIssue Single(IReadOnlyList<ValidationIssue> issues)
    {
        Assert.True(issues.Count == 1, $"expected one issue, got: {issues.ToMessage()}");
        return issues[0];
    }

    [Fact]
    public void A_default_spec_is_valid()
    {
        Assert.Empty(Validate(new PostureScanSpec()));
    }

    [Fact]
    public void A_full_valid_spec_has_no_issue()
    {
        var spec = new PostureScanSpec
        {
            Schedule = "0 */6 * * *",
            Interval = "1h30m",
            Scope = new ScanScope
            {
                IncludeNamespaces = ["team-*", "payments"],
                ExcludeNamespaces = ["team-sandbox"],
                NamespaceSelector = new LabelSelectorSpec
                {
                    MatchLabels = new() { ["kubeposture.io/assess"] = "true" },
                    MatchExpressions = [new() { Key = "env", Operator = "In", Values = ["prod", "staging"] }],
                },
                ClusterResources = true,
            },
            Checks = new CheckSelectionSpec { Include = ["pod.*", "rbac", "image.non-ecr"], Exclude = ["pod.host-network"], MinSeverity = "Low" },
            FailOn = "Medium",
            SeverityOverrides = new() { ["image.non-ecr"] = "Medium" },
            Aws = new AwsSpec { Enabled = true, Region = "eu-west-1", ClusterName = "prod_cluster-1", RoleArn = "arn:aws:iam::123456789012:role/kubeposture-read" },
            Ecr = new EcrSpec { MaxScanAge = "14d" },
            Nodes = new NodesSpec { MaxNodeAge = "30d" },
            Images = new ImagesSpec { AllowedRegistries = ["public.ecr.aws", "*.example.com", "registry.local:5000"] },
            Reporting = new ReportingSpec { MaxFindingsInStatus = 50, Reports = true, MaxResultsPerReport = 200 },
        };
        Assert.Empty(Validate(spec, ["team-a", "team-sandbox", "payments"]));
    }

    [Theory]
    [InlineData("*/5 * *", "expected 5 cron fields (minute hour day-of-month month day-of-week), got 3")]
    [InlineData("0 0 * * * *", "expected 5 cron fields")]
    [InlineData("61 * * * *", "not a valid cron expression")]
    [InlineData("0 25 * * *", "not a valid cron expression")]
    [InlineData("0 0 * * MON-XYZ", "not a valid cron expression")]
    [InlineData("   ", "empty; remove the field")]
    public void Invalid_cron_names_the_field_and_the_fix(string schedule, string expected)
    {
        var issue = Single(Validate(new PostureScanSpec { Schedule = schedule }));
        Assert.Equal("spec.schedule", issue.Field);
        Assert.Equal(schedule, issue.Value);
        Assert.False(issue.IsWarning);
        Assert.Contains(expected, issue.Message, StringComparison.Ordinal);
        Assert.StartsWith($"spec.schedule \"{schedule}\": ", issue.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_documented_example_message_is_produced_exactly()
    {
        var issue = Single(Validate(new PostureScanSpec { Schedule = "*/5 * *" }));
        Assert.StartsWith("spec.schedule \"*/5 * *\": expected 5 cron fields", issue.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cron_that_never_fires_is_rejected()
    {
        var issue = Single(Validate(new PostureScanSpec { Schedule = "0 0 30 2 *" }));
        Assert.Contains("never fires", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("* * * * *", "1m")]
    [InlineData("*/2 * * * *", "2m")]
    [InlineData("0,3 * * * *", "3m")]
    public void A_cron_firing_more_often_than_every_5_minutes_is_rejected(string schedule, string gap)
    {
        var issue = Single(Validate(new PostureScanSpec { Schedule = schedule }));
        Assert.Contains($"fires {gap} apart", issue.Message, StringComparison.Ordinal);
        Assert.Contains("at least 5m apart", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("*/5 * * * *")]
    [InlineData("@daily")]
    [InlineData("@hourly")]
    [InlineData("30 2 * * 1-5")]
    public void Acceptable_schedules_pass(string schedule) => Assert.Empty(Validate(new PostureScanSpec { Schedule = schedule }));

    [Theory]
    [InlineData("1m", "below the minimum of 5m; use 5m or more")]
    [InlineData("4m59s", "below the minimum of 5m")]
    [InlineData("0s", "must be positive")]
    [InlineData("6 hours", "unknown unit ' '")]
    [InlineData("6", "missing unit")]
    [InlineData("", "expected a duration such as 30m, 6h or 7d")]
    public void Bad_intervals_are_rejected(string interval, string expected)
    {
        var issue = Single(Validate(new PostureScanSpec { Interval = interval }));
        Assert.Equal("spec.interval", issue.Field);
        Assert.Equal(interval, issue.Value);
        Assert.Contains(expected, issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5m")]
    [InlineData("6h")]
    [InlineData("7d")]
    public void Intervals_at_or_above_the_minimum_pass(string interval) => Assert.Empty(Validate(new PostureScanSpec { Interval = interval }));

    [Fact]
    public void Unknown_check_ids_and_categories_are_named_with_their_index()
    {
        var issues = Validate(new PostureScanSpec { Checks = new() { Include = ["pod.privileged", "rbac", "pod.nope"] } });
        var issue = Single(issues);
        Assert.Equal("spec.checks.include[2] \"pod.nope\": no check or category has that name", issue.ToString());
    }

    [Fact]
    public void A_misspelt_id_gets_a_suggestion()
    {
        var issue = Single(Validate(new PostureScanSpec { Checks = new() { Exclude = ["pod.privilegd"] } }));
        Assert.Equal("spec.checks.exclude[0]", issue.Field);
        Assert.Contains("did you mean \"pod.privileged\"?", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_glob_matching_no_check_is_an_error_and_one_matching_is_fine()
    {
        Assert.Empty(Validate(new PostureScanSpec { Checks = new() { Include = ["pod.*", "ecr*", "netpol.namespace-?issing"] } }));
        var issue = Single(Validate(new PostureScanSpec { Checks = new() { Include = ["pdo.*"] } }));
        Assert.Equal("spec.checks.include[0]", issue.Field);
        Assert.Contains("no check or category matches this glob", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_check_references_and_duplicates()
    {
        var issues = Validate(new PostureScanSpec { Checks = new() { Include = ["Pod.Privileged", "", "pod.privileged", "pod.privileged"] } });
        Assert.Equal(3, issues.Count);
        Assert.Contains(issues, i => i.Field == "spec.checks.include[0]" && i.Message.Contains("lower-case", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Field == "spec.checks.include[1]" && i.Message.Contains("empty", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Field == "spec.checks.include[3]" && i.IsWarning && i.Message.Contains("listed twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Excluding_everything_that_is_included_is_an_error()
    {
        var issue = Single(Validate(new PostureScanSpec { Checks = new() { Include = ["rbac"], Exclude = ["rbac"] } }));
        Assert.Equal("spec.checks.exclude", issue.Field);
        Assert.Contains("no check would run", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("high")]
    [InlineData("Severe")]
    [InlineData("")]
    public void Severities_are_checked_case_sensitively(string severity)
    {
        var failOn = Single(Validate(new PostureScanSpec { FailOn = severity }));
        Assert.Equal("spec.failOn", failOn.Field);
        Assert.Contains("expected one of Critical, High, Medium, Low, Info", failOn.Message, StringComparison.Ordinal);

        var min = Single(Validate(new PostureScanSpec { Checks = new() { MinSeverity = severity } }));
        Assert.Equal("spec.checks.minSeverity", min.Field);
    }

    [Fact]
    public void FailOn_below_minSeverity_is_a_warning()
    {
        var issue = Single(Validate(new PostureScanSpec { FailOn = "Low", Checks = new() { MinSeverity = "High" } }));
        Assert.True(issue.IsWarning);
        Assert.Equal("spec.failOn", issue.Field);
        Assert.Contains("raise failOn to High", issue.Message, StringComparison.Ordinal);
        Assert.Empty(Validate(new PostureScanSpec { FailOn = "Critical", Checks = new() { MinSeverity = "High" } }));
    }

    [Fact]
    public void Severity_overrides_need_exact_known_ids_and_valid_severities()
    {
        var issues = Validate(new PostureScanSpec
        {
            SeverityOverrides = new() { ["pod.privileged"] = "Low", ["pod.*"] = "Low", ["pod.runasroot"] = "High", ["image.non-ecr"] = "Urgent" },
        });
        Assert.Equal(3, issues.Count);
        Assert.Contains(issues, i => i.Value == "pod.*" && i.Message.Contains("not globs", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Value == "pod.runasroot" && i.Message.Contains("did you mean \"pod.run-as-root\"", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.Field == "spec.severityOverrides[image.non-ecr]" && i.Value == "Urgent");
    }

    [Fact]
    public void Namespace_globs_are_checked_and_globs_matching_nothing_warn()
    {
        var spec = new PostureScanSpec
        {
            Scope = new ScanScope { IncludeNamespaces = ["team-*", "Team_B", "paymnets"], ExcludeNamespaces = ["legacy-*"] },
        };
        var issues = Validate(spec, ["team-a", "payments", "kube-system"]);
        Assert.Equal(3, issues.Count);
        var bad = Assert.Single(issues, i => !i.IsWarning);
        Assert.Equal("spec.scope.includeNamespaces[1]", bad.Field);
        Assert.Contains(issues, i => i.IsWarning && i.Field == "spec.scope.includeNamespaces[2]" && i.Message.Contains("matches no namespace", StringComparison.Ordinal));
        Assert.Contains(issues, i => i.IsWarning && i.Field == "spec.scope.excludeNamespaces[0]");
    }

    [Fact]
    public void Without_the_namespace_list_no_match_warnings_are_made()
    {
        Assert.Empty(Validate(new PostureScanSpec { Scope = new ScanScope { IncludeNamespaces = ["nothing-like-this"] } }));
    }

    [Fact]
    public void Excludes_that_remove_every_included_namespace_warn()
    {
        var issues = Validate(new PostureScanSpec { Scope = new ScanScope { IncludeNamespaces = ["team-*"], ExcludeNamespaces = ["team-*"] } }, ["team-a", "team-b", "other"]);
        var issue = Single(issues);
        Assert.True(issue.IsWarning);
        Assert.Contains("assesses no namespace", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_selectors_follow_Kubernetes_rules()
    {
        var spec = new PostureScanSpec
        {
            Scope = new ScanScope
            {
                NamespaceSelector = new LabelSelectorSpec
                {
                    MatchLabels = new() { ["ok"] = "yes", ["bad key!"] = "v", ["k"] = "not a value" },
                    MatchExpressions =
                    [
                        new() { Key = "env", Operator = "In" },
                        new() { Key = "tier", Operator = "Exists", Values = ["x"] },
                        new() { Key = "zone", Operator = "Near", Values = ["a"] },
                        new() { Key = "", Operator = "DoesNotExist" },
                        new() { Key = "example.com/team", Operator = "NotIn", Values = ["a", "b"] },
                    ],
                },
            },
        };
        var fields = Validate(spec).Select(i => i.Field).ToList();
        Assert.Equal(
            [
                "spec.scope.namespaceSelector.matchLabels",
                "spec.scope.namespaceSelector.matchLabels[k]",
                "spec.scope.namespaceSelector.matchExpressions[0].values",
                "spec.scope.namespaceSelector.matchExpressions[1].values",
                "spec.scope.namespaceSelector.matchExpressions[2].operator",
                "spec.scope.namespaceSelector.matchExpressions[3].key",
            ],
            fields);
    }

    [Theory]
    [InlineData("region", "Ireland", "not an AWS region")]
    [InlineData("region", "eu-west", "not an AWS region")]
    [InlineData("clusterName", "-prod", "not an EKS cluster name")]
    [InlineData("roleArn", "arn:aws:iam::1234:role/x", "not an IAM role ARN")]
    [InlineData("roleArn", "arn:aws:iam::123456789012:user/x", "not an IAM role ARN")]
    public void Aws_fields_are_checked(string field, string value, string expected)
    {
        var aws = new AwsSpec { Enabled = true };
        switch (field)
        {
            case "region": aws.Region = value; break;
            case "clusterName": aws.ClusterName = value; break;
            default: aws.RoleArn = value; break;
        }

        var issue = Single(Validate(new PostureScanSpec { Aws = aws }));
        Assert.Equal($"spec.aws.{field}", issue.Field);
        Assert.Equal(value, issue.Value);
        Assert.Contains(expected, issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("us-gov-west-1")]
    [InlineData("ap-southeast-2")]
    public void Real_region_codes_pass(string region) =>
        Assert.Empty(Validate(new PostureScanSpec { Aws = new AwsSpec { Enabled = true, Region = region } }));

    [Fact]
    public void Aws_settings_without_enabled_warn()
    {
        var issue = Single(Validate(new PostureScanSpec { Aws = new AwsSpec { Region = "eu-west-1" } }));
        Assert.True(issue.IsWarning);
        Assert.Equal("spec.aws.enabled", issue.Field);
    }

    [Theory]
    [InlineData("ecr", "30 days", "spec.ecr.maxScanAge")]
    [InlineData("ecr", "30m", "spec.ecr.maxScanAge")]
    [InlineData("nodes", "0s", "spec.nodes.maxNodeAge")]
    [InlineData("nodes", "1y", "spec.nodes.maxNodeAge")]
    public void Setting_durations_are_checked(string section, string value, string field)
    {
        var spec = section == "ecr" ? new PostureScanSpec { Ecr = new EcrSpec { MaxScanAge = value } } : new PostureScanSpec { Nodes = new NodesSpec { MaxNodeAge = value } };
        var issue = Single(Validate(spec));
        Assert.Equal(field, issue.Field);
        Assert.Equal(value, issue.Value);
    }

    [Theory]
    [InlineData("https://registry.example.com")]
    [InlineData("Registry.Example.com")]
    [InlineData("")]
    public void Registry_globs_are_hosts(string registry)
    {
        var issue = Single(Validate(new PostureScanSpec { Images = new ImagesSpec { AllowedRegistries = [registry] } }));
        Assert.Equal("spec.images.allowedRegistries[0]", issue.Field);
    }

    [Theory]
    [InlineData(-1, 1000, "spec.reporting.maxFindingsInStatus")]
    [InlineData(101, 1000, "spec.reporting.maxFindingsInStatus")]
    [InlineData(20, 0, "spec.reporting.maxResultsPerReport")]
    [InlineData(20, 5001, "spec.reporting.maxResultsPerReport")]
    public void Reporting_bounds_are_enforced(int inStatus, int perReport, string field)
    {
        var issue = Single(Validate(new PostureScanSpec { Reporting = new ReportingSpec { MaxFindingsInStatus = inStatus, MaxResultsPerReport = perReport } }));
        Assert.Equal(field, issue.Field);
    }

    [Fact]
    public void Every_problem_is_reported_at_once_not_just_the_first()
    {
        var issues = Validate(new PostureScanSpec
        {
            Schedule = "bad",
            Interval = "1m",
            FailOn = "none",
            Checks = new() { Include = ["x.y"] },
        });
        Assert.Equal(["spec.schedule", "spec.interval", "spec.checks.include[0]", "spec.failOn"], issues.Select(i => i.Field));
        var message = issues.ToMessage();
        Assert.Contains("; spec.interval \"1m\": ", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMessage_is_bounded_and_says_how_many_issues_it_left_out()
    {
        var issues = Enumerable.Range(0, 500).Select(i => new ValidationIssue($"spec.checks.include[{i}]", "x", "no check or category has that name")).ToList();
        var message = issues.ToMessage(1000);
        Assert.InRange(message.Length, 900, 1000);
        Assert.Matches(@"; and 4\d\d more$", message);
        Assert.StartsWith("spec.checks.include[0] \"x\"", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Many_long_invalid_keys_give_a_bounded_message_at_bounded_cost()
    {
        // Issue 15 point 5: 120 severityOverrides keys of 10,000 characters made a message over 32 KiB (the status
        // write failed with 422) and cost seconds of did-you-mean per attempt.
        var overrides = Enumerable.Range(0, 120).ToDictionary(i => new string((char)('a' + (i % 26)), 10_000) + i, _ => "High");
        var started = System.Diagnostics.Stopwatch.StartNew();
        var issues = Validate(new PostureScanSpec { SeverityOverrides = overrides });
        var message = issues.Errors().ToMessage();
        started.Stop();

        Assert.Equal(120, issues.Count);
        Assert.InRange(message.Length, 1, BoundedText.MaxConditionMessage);
        Assert.Matches(@"and \d+ more$", message);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"validation took {started.Elapsed}");
    }

    [Fact]
    public void A_schedule_with_a_trailing_newline_is_normalized_once_and_the_normalized_spec_is_what_validates()
    {
        // Issue 15 point 1: "0 */6 * * *\n" (a YAML | block) passed the validator, which trimmed, and the scheduler threw.
        var spec = new PostureScanSpec { Schedule = "0 */6 * * *\n", Interval = " 6h " };
        var normalized = PostureScanValidator.Normalize(spec);

        Assert.Equal("0 */6 * * *", normalized.Schedule);
        Assert.Equal("6h", normalized.Interval);
        Assert.Equal("0 */6 * * *\n", spec.Schedule);
        Assert.Empty(Validate(normalized));
        Assert.NotNull(Cronos.CronExpression.Parse(normalized.Schedule!, Cronos.CronFormat.Standard));
    }

    [Fact]
    public void A_schedule_the_scheduler_could_not_parse_is_refused_when_given_unnormalized()
    {
        // The validator checks exactly the value it is given (Normalize alone trims), so a caller that skips Normalize
        // gets an error, never an accepted value the scheduler then fails on.
        var issue = Single(Validate(new PostureScanSpec { Schedule = "0 */6 * * *\n" }));

        Assert.Equal("spec.schedule", issue.Field);
        Assert.Throws<Cronos.CronFormatException>(() => Cronos.CronExpression.Parse("0 */6 * * *\n", Cronos.CronFormat.Standard));
    }

    [Fact]
    public void A_schedule_whose_only_short_gap_is_overnight_into_a_leap_day_is_refused()
    {
        // Issue 15 point 13: the check looked at 64 runs; this schedule fires 23:58 on 29 February and 00:00 on
        // 1 March, two minutes apart, more than 64 runs from now.
        var issue = Single(Validate(new PostureScanSpec { Schedule = "0,58 0,3,6,9,12,15,18,21,23 1,29 2,3 *" }));

        Assert.Equal("spec.schedule", issue.Field);
        Assert.Contains("fires 2m apart", issue.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("58 23 * * *")]
    [InlineData("0,58 0,23 1 * *")]
    [InlineData("*/5 * * * *")]
    [InlineData("0 0 29 2 *")]
    public void Schedules_at_least_five_minutes_apart_are_accepted(string schedule) =>
        Assert.Empty(Validate(new PostureScanSpec { Schedule = schedule }));

    public class Tenancy
    {
        private const string Control = "kubeposture";

        [Fact]
        public void A_control_namespace_scan_may_ask_for_anything()
        {
            var spec = new PostureScanSpec
            {
                Scope = new ScanScope { IncludeNamespaces = ["*"], ClusterResources = true },
                Aws = new AwsSpec { Enabled = true },
            };
            Assert.Empty(PostureScanValidator.ValidateScope(spec, Control, Control));
        }

        [Fact]
        public void A_tenant_scan_may_name_only_its_own_namespace()
        {
            Assert.Empty(PostureScanValidator.ValidateScope(new PostureScanSpec(), "team-a", Control));
            Assert.Empty(PostureScanValidator.ValidateScope(new PostureScanSpec { Scope = new() { IncludeNamespaces = ["team-a"] } }, "team-a", Control));
        }

        [Fact]
        public void A_tenant_scan_asking_for_more_is_restricted_field_by_field()
        {
            var spec = new PostureScanSpec
            {
                Scope = new ScanScope { IncludeNamespaces = ["team-a", "team-*", "kube-system"], ClusterResources = true },
                Aws = new AwsSpec { Enabled = true },
            };
            var issues = PostureScanValidator.ValidateScope(spec, "team-a", Control);
            Assert.Equal(
                ["spec.scope.includeNamespaces[1]", "spec.scope.includeNamespaces[2]", "spec.scope.clusterResources", "spec.aws.enabled"],
                issues.Select(i => i.Field));
            Assert.All(issues, i => Assert.False(i.IsWarning));
            Assert.All(issues, i => Assert.Contains("control namespace kubeposture", i.Message, StringComparison.Ordinal));
        }

        [Fact]
        public void Only_the_control_namespace_may_export_to_security_hub()
        {
            var spec = new PostureScanSpec { Export = new ExportSpec { SecurityHub = new SecurityHubExportSpec { Enabled = true } } };

            Assert.Empty(PostureScanValidator.ValidateScope(spec, Control, Control));
            var issue = Assert.Single(PostureScanValidator.ValidateScope(spec, "team-a", Control));
            Assert.Equal("spec.export.securityHub.enabled", issue.Field);
            Assert.False(issue.IsWarning);
        }

        [Fact]
        public void Security_hub_export_settings_name_the_field_and_the_fix()
        {
            var spec = new PostureScanSpec { Export = new ExportSpec { SecurityHub = new SecurityHubExportSpec { Enabled = true, Region = "Oregon", RoleArn = "arn:aws:iam::1:user/x" } } };
            var off = new PostureScanSpec { Export = new ExportSpec { SecurityHub = new SecurityHubExportSpec { Region = "eu-west-1" } } };

            var issues = PostureScanValidator.Validate(spec, [], [], DateTimeOffset.UnixEpoch);
            var warning = Assert.Single(PostureScanValidator.Validate(off, [], [], DateTimeOffset.UnixEpoch));

            Assert.Equal(["spec.export.securityHub.region", "spec.export.securityHub.roleArn"], issues.Where(i => !i.IsWarning).Select(i => i.Field));
            Assert.Equal(("spec.export.securityHub.enabled", true), (warning.Field, warning.IsWarning));
        }

        [Fact]
        public void A_tenant_scan_with_a_namespace_selector_is_restricted_not_silently_narrowed()
        {
            // Issue 15 point 13.
            var spec = new PostureScanSpec { Scope = new ScanScope { NamespaceSelector = new LabelSelectorSpec { MatchLabels = new() { ["team"] = "b" } } } };
            var issue = Assert.Single(PostureScanValidator.ValidateScope(spec, "team-a", Control));

            Assert.Equal("spec.scope.namespaceSelector", issue.Field);
            Assert.False(issue.IsWarning);
            Assert.Empty(PostureScanValidator.ValidateScope(spec, Control, Control));
        }
    }
}
