using KubePosture.Checks.Semantics.Aws;

namespace KubePosture.Checks.Tests.Semantics.Aws;

public class RoleTrustTests
{
    private const string Issuer = "https://oidc.eks.us-west-2.amazonaws.com/id/ABC";
    private const string Host = "oidc.eks.us-west-2.amazonaws.com/id/ABC";
    private const string Provider = "arn:aws:iam::111122223333:oidc-provider/" + Host;

    private static string Trust(string condition, string provider = Provider, string action = "\"sts:AssumeRoleWithWebIdentity\"") =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\"" + provider + "\"},\"Action\":" + action + (condition.Length == 0 ? "" : ",\"Condition\":" + condition) + "}]}";

    private static TrustAssessment Irsa(string document, string ns = "team-a", string sa = "app") =>
        RoleTrust.AssessIrsa(IamPolicy.Parse(document, "trust"), Issuer, ns, sa);

    [Fact]
    public void StringEquals_on_sub_and_aud_is_scoped()
    {
        var a = Irsa(Trust($$$"""{"StringEquals":{"{{{Host}}}:sub":"system:serviceaccount:team-a:app","{{{Host}}}:aud":"sts.amazonaws.com"}}"""));
        Assert.True(a.Scoped, string.Join("; ", a.Problems));
    }

    [Fact]
    public void Missing_sub_is_unscoped_across_the_cluster()
    {
        var a = Irsa(Trust($$$"""{"StringEquals":{"{{{Host}}}:aud":"sts.amazonaws.com"}}"""));
        var p = Assert.Single(a.Problems);
        Assert.Equal(TrustProblemGrade.Unscoped, p.Grade);
        Assert.Contains("no " + Host + ":sub condition", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Condition_keys_are_case_insensitive()
    {
        var a = Irsa(Trust($$$"""{"StringEquals":{"{{{Host.ToUpperInvariant()}}}:SUB":"system:serviceaccount:team-a:app","{{{Host}}}:Aud":"sts.amazonaws.com"}}"""));
        Assert.True(a.Scoped, string.Join("; ", a.Problems));
    }

    [Theory]
    [InlineData("system:serviceaccount:*", "across namespaces")]
    [InlineData("system:serviceaccount:*:app", "across namespaces")]
    [InlineData("system:serviceaccount:team-a:*", "every service account matching \"*\" in namespace team-a")]
    public void StringLike_wildcards_spanning_namespaces_or_service_accounts_are_unscoped(string sub, string span)
    {
        var a = Irsa(Trust($$$"""{"StringLike":{"{{{Host}}}:sub":"{{{sub}}}"},"StringEquals":{"{{{Host}}}:aud":"sts.amazonaws.com"}}"""));
        var p = Assert.Single(a.Problems);
        Assert.Equal(TrustProblemGrade.Unscoped, p.Grade);
        Assert.Contains(span, p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StringLike_without_wildcards_is_scoped()
    {
        var a = Irsa(Trust($$$"""{"StringLike":{"{{{Host}}}:sub":"system:serviceaccount:team-a:app"},"StringEquals":{"{{{Host}}}:aud":"sts.amazonaws.com"}}"""));
        Assert.True(a.Scoped);
    }

    [Fact]
    public void StringEquals_treats_a_star_literally_so_the_service_account_does_not_match()
    {
        var a = Irsa(Trust($$$"""{"StringEquals":{"{{{Host}}}:sub":"system:serviceaccount:team-a:*","{{{Host}}}:aud":"sts.amazonaws.com"}}"""));
        var p = Assert.Single(a.Problems);
        Assert.Equal(TrustProblemGrade.Mismatch, p.Grade);
    }

    [Fact]
    public void Another_service_account_is_a_mismatch()
    {
        var a = Irsa(Trust($$$"""{"StringEquals":{"{{{Host}}}:sub":"system:serviceaccount:team-b:app","{{{Host}}}:aud":"sts.amazonaws.com"}}"""));
        Assert.Equal(TrustProblemGrade.Mismatch, Assert.Single(a.Problems).Grade);
    }

    [Fact]
    public void Aud_other_than_sts_or_missing_is_reported()
    {
        var a = Irsa(Trust($$$"""{"StringEquals":{"{{{Host}}}:sub":"system:serviceaccount:team-a:app"}}"""));
        var p = Assert.Single(a.Problems);
        Assert.Equal(TrustProblemGrade.Audience, p.Grade);
        var b = Irsa(Trust($$$"""{"StringEquals":{"{{{Host}}}:sub":"system:serviceaccount:team-a:app","{{{Host}}}:aud":"other"}}"""));
        Assert.Equal(TrustProblemGrade.Audience, Assert.Single(b.Problems).Grade);
    }

    [Fact]
    public void Another_clusters_issuer_is_unscoped()
    {
        var a = Irsa(Trust($$$"""{"StringEquals":{"oidc.eks.eu-west-1.amazonaws.com/id/XYZ:sub":"system:serviceaccount:team-a:app"}}""",
            provider: "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/XYZ"));
        var p = Assert.Single(a.Problems);
        Assert.Equal(TrustProblemGrade.Unscoped, p.Grade);
        Assert.Contains("oidc.eks.eu-west-1.amazonaws.com/id/XYZ", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_unscoped_statement_beside_a_scoped_one_makes_the_role_unscoped()
    {
        var doc = $$$$"""
        {"Statement":[
          {"Effect":"Allow","Principal":{"Federated":"{{{{Provider}}}}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"{{{{Host}}}}:sub":"system:serviceaccount:team-a:app","{{{{Host}}}}:aud":"sts.amazonaws.com"}}},
          {"Effect":"Allow","Principal":{"Federated":"{{{{Provider}}}}"},"Action":["sts:AssumeRoleWithWebIdentity"]}
        ]}
        """;
        var a = Irsa(doc);
        Assert.Contains(a.Problems, p => p.Grade == TrustProblemGrade.Unscoped && p.Message.StartsWith("Statement[1]", StringComparison.Ordinal));
    }

    [Fact]
    public void Pod_identity_trust_needs_the_service_principal_and_TagSession()
    {
        var ok = RoleTrust.AssessPodIdentity(IamPolicy.Parse("""{"Statement":[{"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]}]}""", "t"), "kube-system", "aws-node");
        Assert.True(ok.Scoped);
        var noTag = RoleTrust.AssessPodIdentity(IamPolicy.Parse("""{"Statement":[{"Effect":"Allow","Principal":{"Service":["pods.eks.amazonaws.com"]},"Action":"sts:AssumeRole"}]}""", "t"), "kube-system", "aws-node");
        Assert.Contains("sts:TagSession", Assert.Single(noTag.Problems).Message, StringComparison.Ordinal);
        var ec2 = RoleTrust.AssessPodIdentity(IamPolicy.Parse("""{"Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}""", "t"), "kube-system", "aws-node");
        Assert.Equal(TrustProblemGrade.Mismatch, Assert.Single(ec2.Problems).Grade);
    }
}
