using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Tests.Semantics.Aws;

public class IamPolicyTests
{
    private static IamPermissions Perms(params string[] documents) =>
        new([.. documents.Select((d, i) => IamPolicy.Parse(d, $"p{i}"))]);

    [Fact]
    public void Url_encoded_documents_as_IAM_returns_them_parse_like_plain_json()
    {
        const string json = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}""";
        var encoded = Uri.EscapeDataString(json);
        Assert.StartsWith("%7B", encoded, StringComparison.Ordinal);
        var plain = IamPolicy.Parse(json, "plain");
        var decoded = IamPolicy.Parse(encoded, "encoded");
        Assert.Equal("2012-10-17", decoded.Version);
        var s = Assert.Single(decoded.Statements);
        Assert.Equal(plain.Statements[0].Actions.Patterns, s.Actions.Patterns);
        Assert.Equal(["arn:aws:s3:::b/*"], s.Resources.Patterns);
    }

    [Fact]
    public void Statement_may_be_a_single_object_and_elements_single_strings()
    {
        var p = IamPolicy.Parse("""{"Statement":{"Effect":"Deny","NotAction":"iam:*","NotResource":"arn:aws:s3:::x","Principal":"*"}}""", "single");
        var s = Assert.Single(p.Statements);
        Assert.Equal(IamEffect.Deny, s.Effect);
        Assert.True(s.Actions.Negated);
        Assert.True(s.Resources.Negated);
        Assert.True(s.Principal!.Anyone);
    }

    [Theory]
    [InlineData("not json", "neither JSON nor URL-encoded JSON")]
    [InlineData("[1]", "expected a JSON object")]
    [InlineData("""{"Version":"2012-10-17"}""", "no Statement")]
    [InlineData("""{"Statement":[{"Effect":"Permit","Action":"*"}]}""", "Statement[0].Effect \"Permit\": expected \"Allow\" or \"Deny\"")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","NotAction":"s3:*"}]}""", "both Action and NotAction")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Resource":"*"}]}""", "neither Action nor NotAction")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":[1]}]}""", "Statement[0].Action[0]: expected a string")]
    [InlineData("""{"Statement":[{"Effect":"Allow","Action":"*","Principal":"arn:aws:iam::1:root"}]}""", "a string principal must be \"*\"")]
    public void Malformed_documents_fail_with_a_message_naming_the_field(string text, string expected)
    {
        var e = Assert.Throws<IamPolicyFormatException>(() => IamPolicy.Parse(text, "role r inline x"));
        Assert.Contains("IAM policy role r inline x", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Star_on_star_is_admin_and_a_deny_overrides_it()
    {
        const string admin = """{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
        Assert.True(Perms(admin).Admin().Allowed);
        // Deny in another attached policy removes full admin (some action is denied).
        var denied = Perms(admin, """{"Statement":{"Effect":"Deny","Action":"iam:*","Resource":"*"}}""").Admin();
        Assert.False(denied.Allowed);
        Assert.Single(denied.DeniedBy);
    }

    [Fact]
    public void A_conditional_deny_does_not_remove_the_grant_and_a_conditional_allow_is_marked()
    {
        var p = Perms("""{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}},{"Effect":"Deny","Action":"*","Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}""");
        var d = p.Admin();
        Assert.True(d.Allowed);
        Assert.True(d.Conditional);
        Assert.Single(d.DeniedBy);
        Assert.Equal("Bool", d.DeniedBy[0].Statement.Conditions[0].Operator);
    }

    [Fact]
    public void Action_names_match_case_insensitively_with_wildcards()
    {
        var p = Perms("""{"Statement":[{"Effect":"Allow","Action":["S3:get*","iam:PASSROLE"],"Resource":"*"}]}""");
        Assert.True(p.Evaluate("s3:GetObject", "arn:aws:s3:::b/k").Allowed);
        Assert.True(p.Evaluate("s3:GetBucketPolicy", "*").Allowed);
        Assert.False(p.Evaluate("s3:PutObject", "*").Allowed);
        Assert.False(p.Evaluate("s3:*", "*").Allowed); // s3:Get* does not cover every s3 action
        Assert.True(p.Evaluate("iam:PassRole", "*").Allowed);
    }

    [Fact]
    public void Resources_match_case_sensitively_and_a_narrow_resource_does_not_cover_star()
    {
        var p = Perms("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"arn:aws:s3:::Bucket/*"}]}""");
        Assert.True(p.Evaluate("s3:GetObject", "arn:aws:s3:::Bucket/key").Allowed);
        Assert.False(p.Evaluate("s3:GetObject", "arn:aws:s3:::bucket/key").Allowed);
        Assert.False(p.Evaluate("s3:GetObject", "*").Allowed);
        Assert.Empty(p.ServiceWildcards());
    }

    [Fact]
    public void Service_wildcards_on_every_resource_are_reported_per_service_unless_denied()
    {
        var p = Perms("""{"Statement":[{"Effect":"Allow","Action":["s3:*","ec2:*","ecr:Describe*"],"Resource":"*"}]}""",
            """{"Statement":[{"Effect":"Deny","Action":"ec2:TerminateInstances","Resource":"*"}]}""");
        var w = p.ServiceWildcards();
        var only = Assert.Single(w);
        Assert.Equal("s3:*", only.Action);
        Assert.Equal("p0 Statement[0]", only.AllowedBy[0].ToString());
    }

    [Fact]
    public void NotAction_allow_on_star_grants_everything_else_and_is_a_wildcard_but_not_admin()
    {
        // PowerUserAccess-like.
        var p = Perms("""{"Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}""");
        Assert.False(p.Admin().Allowed);
        Assert.True(p.Evaluate("s3:*", "*").Allowed);
        Assert.False(p.Evaluate("iam:PassRole", "*").Allowed);
        Assert.False(p.Evaluate("iam:*", "*").Allowed);
        var w = Assert.Single(p.ServiceWildcards());
        Assert.StartsWith("* except iam:*, organizations:*", w.Action, StringComparison.Ordinal);
        // sts:AssumeRole on * is not excluded: escalation.
        Assert.Contains(p.EscalationGrants(), e => e.Action == "sts:AssumeRole");
        Assert.DoesNotContain(p.EscalationGrants(), e => e.Action.StartsWith("iam:", StringComparison.Ordinal));
    }

    [Fact]
    public void NotResource_allow_covers_resources_outside_the_exclusion()
    {
        var p = Perms("""{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","NotResource":"arn:aws:s3:::secret/*"}]}""");
        Assert.True(p.Evaluate("s3:GetObject", "arn:aws:s3:::public/x").Allowed);
        Assert.False(p.Evaluate("s3:GetObject", "arn:aws:s3:::secret/x").Allowed);
        Assert.False(p.Evaluate("s3:GetObject", "*").Allowed);
    }

    [Fact]
    public void Deny_with_NotResource_removes_grants_outside_its_exclusion()
    {
        var p = Perms("""{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"},{"Effect":"Deny","Action":"s3:*","NotResource":"arn:aws:s3:::mine/*"}]}""");
        Assert.True(p.Evaluate("s3:GetObject", "arn:aws:s3:::mine/a").Allowed);
        Assert.False(p.Evaluate("s3:GetObject", "arn:aws:s3:::theirs/a").Allowed);
        Assert.Empty(p.ServiceWildcards());
    }

    [Fact]
    public void Escalation_actions_on_a_named_resource_count_but_PassRole_needs_star()
    {
        var p = Perms("""{"Statement":[{"Effect":"Allow","Action":["iam:PutRolePolicy","iam:PassRole"],"Resource":"arn:aws:iam::1:role/app"},{"Effect":"Allow","Action":"iam:Create*","Resource":"*"}]}""");
        var actions = p.EscalationGrants().Select(e => e.Action).ToList();
        Assert.Contains("iam:PutRolePolicy", actions);
        Assert.Contains("iam:CreatePolicyVersion", actions);
        Assert.Contains("iam:CreateAccessKey", actions);
        Assert.DoesNotContain("iam:PassRole", actions);
        Assert.DoesNotContain("iam:AttachRolePolicy", actions);
    }

    [Fact]
    public void Read_only_policies_grant_nothing_dangerous()
    {
        var p = Perms("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["ecr:Describe*","eks:Describe*","eks:List*","iam:Get*","iam:List*"],"Resource":"*"}]}""");
        Assert.False(p.Admin().Allowed);
        Assert.Empty(p.ServiceWildcards());
        Assert.Empty(p.EscalationGrants());
    }

    [Theory]
    [InlineData("s3:*", "s3:Get*", true)]
    [InlineData("s3:Get*", "s3:*", false)]
    [InlineData("*", "*", true)]
    [InlineData("s3:?etObject", "s3:GetObject", true)]
    [InlineData("s3:GetObject", "s3:GetObject*", false)]
    public void Glob_coverage_is_sound(string pattern, string query, bool covers) =>
        Assert.Equal(covers, IamGlob.Covers(pattern, query, ignoreCase: true));

    [Theory]
    [InlineData("s3:Get*", "s3:*Object", true)]
    [InlineData("s3:Get*", "s3:Put*", false)]
    [InlineData("iam:*", "*", true)]
    [InlineData("a?c", "*b*", true)]
    [InlineData("abc", "abd", false)]
    public void Glob_intersection_finds_a_common_string(string a, string b, bool intersects) =>
        Assert.Equal(intersects, IamGlob.Intersects(a, b, ignoreCase: false));
}
