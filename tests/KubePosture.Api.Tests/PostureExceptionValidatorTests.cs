namespace KubePosture.Api.Tests;

public class PostureExceptionValidatorTests
{
    private static PostureExceptionSpec ValidSpec() => new()
    {
        Checks = ["pod.run-as-root"],
        Resources = [new ResourceMatch { Kind = "Deployment", Name = "legacy-*" }],
        Justification = "Vendor image runs as root; replacement tracked in SEC-1234.",
        ExpiresAt = Catalog.Now.UtcDateTime.AddDays(90),
        Owner = "team-payments",
    };

    private static IReadOnlyList<ValidationIssue> Validate(PostureExceptionSpec spec, DateTimeOffset? createdAt = null, TimeSpan? maxLifetime = null) =>
        PostureExceptionValidator.Validate(spec, Catalog.CheckIds, Catalog.Now, createdAt, maxLifetime);

    [Fact]
    public void A_complete_exception_is_valid() => Assert.Empty(Validate(ValidSpec()));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_justification_is_an_error(string? justification)
    {
        var spec = ValidSpec();
        spec.Justification = justification!;
        var issue = Assert.Single(Validate(spec));
        Assert.Equal("spec.justification: required; say why the risk is accepted (ticket, compensating control, plan)", issue.ToString());
    }

    [Fact]
    public void A_token_justification_is_an_error()
    {
        var spec = ValidSpec();
        spec.Justification = "ok";
        var issue = Assert.Single(Validate(spec));
        Assert.Equal("spec.justification", issue.Field);
        Assert.Equal("ok", issue.Value);
        Assert.Contains("at least 10 characters", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_expiry_is_an_error_with_an_example()
    {
        var spec = ValidSpec();
        spec.ExpiresAt = default;
        var issue = Assert.Single(Validate(spec));
        Assert.Equal("spec.expiresAt", issue.Field);
        Assert.Null(issue.Value);
        Assert.Contains("such as 2027-02-26T04:00:00Z", issue.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_past_expiry_at_creation_is_an_error()
    {
        var spec = ValidSpec();
        spec.ExpiresAt = Catalog.Now.UtcDateTime.AddDays(-1);
        var issue = Assert.Single(Validate(spec));
        Assert.Equal("spec.expiresAt \"2026-11-27T04:00:00Z\": is not in the future; set a time after 2026-11-28T04:00:00Z and at most 365d ahead", issue.ToString());
    }

    [Fact]
    public void An_exception_that_expired_after_creation_is_expired_not_invalid()
    {
        var spec = ValidSpec();
        spec.ExpiresAt = Catalog.Now.UtcDateTime.AddDays(-1);
        var createdAt = Catalog.Now.AddDays(-30);
        Assert.Empty(Validate(spec, createdAt));
        Assert.True(PostureExceptionValidator.IsExpired(spec, Catalog.Now));
        Assert.False(PostureExceptionValidator.IsExpired(spec, Catalog.Now.AddDays(-2)));
    }

    [Fact]
    public void Expiry_is_exclusive_at_the_instant()
    {
        var spec = ValidSpec();
        spec.ExpiresAt = Catalog.Now.UtcDateTime;
        Assert.True(PostureExceptionValidator.IsExpired(spec, Catalog.Now));
        Assert.False(PostureExceptionValidator.IsExpired(spec, Catalog.Now.AddTicks(-1)));
    }

    [Fact]
    public void Expiry_more_than_a_year_ahead_is_an_error_naming_the_latest_allowed_time()
    {
        var spec = ValidSpec();
        spec.ExpiresAt = Catalog.Now.UtcDateTime.AddDays(366);
        var issue = Assert.Single(Validate(spec));
        Assert.Equal("spec.expiresAt", issue.Field);
        Assert.Contains("more than 365d ahead; set it to 2027-11-28T04:00:00Z or earlier", issue.Message, StringComparison.Ordinal);

        spec.ExpiresAt = Catalog.Now.UtcDateTime.AddDays(365);
        Assert.Empty(Validate(spec));
    }

    [Fact]
    public void The_lifetime_limit_is_configurable_and_counts_from_creation()
    {
        var spec = ValidSpec();
        spec.ExpiresAt = Catalog.Now.UtcDateTime.AddDays(40);
        Assert.Single(Validate(spec, maxLifetime: TimeSpan.FromDays(30)));
        Assert.Empty(Validate(spec, createdAt: Catalog.Now.AddDays(-20), maxLifetime: TimeSpan.FromDays(90)));
        Assert.Single(Validate(spec, createdAt: Catalog.Now.AddDays(-60), maxLifetime: TimeSpan.FromDays(90)));
    }

    [Fact]
    public void Checks_are_required_and_must_exist()
    {
        var spec = ValidSpec();
        spec.Checks = [];
        Assert.Equal("spec.checks", Assert.Single(Validate(spec)).Field);

        spec.Checks = ["pod.*", "pod.run-as-rot", "rbac"];
        var issues = Validate(spec);
        Assert.Equal(2, issues.Count);
        Assert.Contains(issues, i => i.ToString() == "spec.checks[1] \"pod.run-as-rot\": no check has that name; did you mean \"pod.run-as-root\"?");
        Assert.Contains(issues, i => i.Field == "spec.checks[2]" && i.Value == "rbac");
    }

    [Fact]
    public void A_blanket_exception_for_every_check_and_resource_is_refused()
    {
        var spec = ValidSpec();
        spec.Checks = ["*"];
        spec.Resources = null;
        var issue = Assert.Single(Validate(spec));
        Assert.Equal("spec.checks[0]", issue.Field);
        Assert.Contains("every finding on every resource", issue.Message, StringComparison.Ordinal);

        spec.Resources = [new ResourceMatch { Name = "legacy-batch" }];
        Assert.Empty(Validate(spec));
    }

    [Fact]
    public void Resource_matchers_must_narrow_something_and_be_well_formed()
    {
        var spec = ValidSpec();
        spec.Resources =
        [
            new ResourceMatch(),
            new ResourceMatch { Kind = "apps/Deployment", Namespace = "Team_A", Name = "my app" },
            new ResourceMatch { Selector = new LabelSelectorSpec { MatchExpressions = [new() { Key = "app", Operator = "In" }] } },
            new ResourceMatch { Kind = "Deploy*", Namespace = "team-?", Name = "web-*" },
        ];
        var fields = Validate(spec).Select(i => i.Field).ToList();
        Assert.Equal(
            [
                "spec.resources[0]",
                "spec.resources[1].kind",
                "spec.resources[1].namespace",
                "spec.resources[1].name",
                "spec.resources[2].selector.matchExpressions[0].values",
            ],
            fields);
    }

    [Fact]
    public void An_exception_outside_the_control_namespace_naming_other_namespaces_warns()
    {
        var spec = ValidSpec();
        spec.Resources = [new ResourceMatch { Namespace = "team-b" }, new ResourceMatch { Namespace = "team-*" }, new ResourceMatch { Name = "x" }];
        var issue = Assert.Single(PostureExceptionValidator.ValidateScope(spec, "team-a", "kubeposture"));
        Assert.True(issue.IsWarning);
        Assert.Equal("spec.resources[0].namespace", issue.Field);
        Assert.Empty(PostureExceptionValidator.ValidateScope(spec, "kubeposture", "kubeposture"));
    }

    [Theory]
    [InlineData("?*")]
    [InlineData("*.*")]
    [InlineData("**")]
    [InlineData("*")]
    public void A_glob_matching_the_whole_catalog_without_resources_is_refused(string glob)
    {
        // Issue 15 point 6: "?*" was accepted and silenced every finding in the namespace.
        var spec = ValidSpec();
        spec.Checks = ["pod.privileged", glob];
        spec.Resources = null;

        var issue = Assert.Single(Validate(spec));
        Assert.Equal("spec.checks[1]", issue.Field);
        Assert.Contains("matches every check", issue.Message, StringComparison.Ordinal);

        spec.Resources = [new ResourceMatch { Kind = "Pod", Name = "legacy" }];
        Assert.Empty(Validate(spec));
    }

    [Fact]
    public void A_glob_matching_part_of_the_catalog_needs_no_resources()
    {
        var spec = ValidSpec();
        spec.Checks = ["pod.*"];
        spec.Resources = null;
        Assert.Empty(Validate(spec));
    }

    [Theory]
    [InlineData("\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B")]
    [InlineData("\u200B \u200C \u200D \u2060 \uFEFF \u00A0 \u3000 \u180E \u200E \u200F \u3164")]
    [InlineData("ok\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B\u200B")]
    public void A_justification_of_invisible_characters_is_refused(string justification)
    {
        var spec = ValidSpec();
        spec.Justification = justification;

        var issue = Assert.Single(Validate(spec));
        Assert.Equal("spec.justification", issue.Field);
    }

    [Fact]
    public void A_justification_in_any_script_counts_its_visible_characters()
    {
        var spec = ValidSpec();
        spec.Justification = "ベンダーの画像は修正待ち、SEC-1";
        Assert.Empty(Validate(spec));
    }
}
