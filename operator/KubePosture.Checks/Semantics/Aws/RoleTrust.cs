namespace KubePosture.Checks.Semantics.Aws;

/// <summary>How a workload's service account reaches an IAM role.</summary>
public enum RoleTrustKind
{
    /// <summary>IRSA: the <c>eks.amazonaws.com/role-arn</c> annotation, sts:AssumeRoleWithWebIdentity.</summary>
    Irsa,

    /// <summary>EKS Pod Identity association: the pods.eks.amazonaws.com service principal.</summary>
    PodIdentity,
}

/// <summary>Severity grade of a trust problem (mapped to finding severities by the check).</summary>
public enum TrustProblemGrade
{
    /// <summary>The role can be assumed by more than this service account (or by another cluster's tokens).</summary>
    Unscoped,

    /// <summary>The audience is not restricted to sts.amazonaws.com.</summary>
    Audience,

    /// <summary>The trust does not admit this service account at all: the workload cannot get credentials.</summary>
    Mismatch,
}

public sealed record TrustProblem(TrustProblemGrade Grade, string Message);

/// <summary>The verdict on one role's trust policy for one service account; no problems means properly scoped.</summary>
public sealed record TrustAssessment(RoleTrustKind Kind, string Subject, IReadOnlyList<TrustProblem> Problems)
{
    public bool Scoped => Problems.Count == 0;
}

/// <summary>
/// Checks a role's trust policy against this cluster's OIDC issuer, namespace and service account.
/// IRSA: a statement that allows sts:AssumeRoleWithWebIdentity for the Federated principal
/// <c>arn:&lt;partition&gt;:iam::&lt;account&gt;:oidc-provider/&lt;issuer without https://&gt;</c> must condition
/// <c>&lt;issuer&gt;:sub</c> to <c>system:serviceaccount:&lt;ns&gt;:&lt;sa&gt;</c> (StringEquals; a StringLike wildcard
/// that spans namespaces or service accounts is unscoped) and <c>&lt;issuer&gt;:aud</c> to sts.amazonaws.com. Allow
/// statements are alternatives, so one unscoped statement makes the role unscoped. A Federated or AWS principal "*"
/// is unscoped. Pod Identity: the trust must allow sts:AssumeRole and sts:TagSession to pods.eks.amazonaws.com.
/// </summary>
public static class RoleTrust
{
    public const string WebIdentityAction = "sts:AssumeRoleWithWebIdentity";
    public const string PodIdentityPrincipal = "pods.eks.amazonaws.com";
    public const string StsAudience = "sts.amazonaws.com";

    /// <summary>"oidc.eks.us-west-2.amazonaws.com/id/ABC" from "https://oidc.eks.us-west-2.amazonaws.com/id/ABC/".</summary>
    public static string IssuerHostPath(string issuerUrl)
    {
        ArgumentNullException.ThrowIfNull(issuerUrl);
        var s = issuerUrl.Trim();
        if (s.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) s = s["https://".Length..];
        return s.TrimEnd('/');
    }

    public static string ServiceAccountSubject(string @namespace, string serviceAccount) => $"system:serviceaccount:{@namespace}:{serviceAccount}";

    public static TrustAssessment AssessIrsa(IamPolicy trust, string issuerUrl, string @namespace, string serviceAccount)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var issuer = IssuerHostPath(issuerUrl);
        var subject = ServiceAccountSubject(@namespace, serviceAccount);
        var problems = new List<TrustProblem>();
        var webIdentity = trust.Statements.Where(s => s.Effect == IamEffect.Allow && s.Actions.Overlaps(WebIdentityAction, ignoreCase: true)).ToList();
        var admitted = false;
        var otherIssuers = new List<string>();
        foreach (var statement in webIdentity)
        {
            var federated = statement.Principal?.Get("Federated") ?? [];
            if (statement.Principal is { Anyone: true } || federated.Contains("*"))
            {
                problems.Add(new TrustProblem(TrustProblemGrade.Unscoped,
                    $"{statement.Label} allows {WebIdentityAction} to any principal (\"*\"): any web identity token the conditions accept can assume the role"));
                admitted = true;
                continue;
            }
            var providers = federated.Select(ProviderPath).Where(p => p is not null).Select(p => p!).ToList();
            if (!providers.Any(p => string.Equals(p, issuer, StringComparison.OrdinalIgnoreCase)))
            {
                otherIssuers.AddRange(providers);
                continue;
            }
            var sub = statement.Conditions.Where(c => c.KeyIs($"{issuer}:sub")).ToList();
            var aud = statement.Conditions.Where(c => c.KeyIs($"{issuer}:aud")).ToList();
            var subVerdict = AssessSub(statement, sub, subject, issuer);
            if (subVerdict is { } p)
            {
                problems.Add(p);
                if (p.Grade == TrustProblemGrade.Mismatch) continue;
            }
            admitted = true;
            if (!aud.Any(c => c.Operator is "StringEquals" && c.SetQualifier is null && c.Values.Count > 0 && c.Values.All(v => v == StsAudience)))
            {
                var found = aud.Count == 0 ? "no aud condition" : string.Join("; ", aud.Select(c => c.ToString()));
                problems.Add(new TrustProblem(TrustProblemGrade.Audience,
                    $"{statement.Label} does not restrict {issuer}:aud to {StsAudience} ({found})"));
            }
        }
        if (webIdentity.Count == 0)
        {
            problems.Add(new TrustProblem(TrustProblemGrade.Mismatch, $"the trust policy has no Allow for {WebIdentityAction}: IRSA cannot assume the role"));
        }
        else if (!admitted && problems.Count == 0 && otherIssuers.Count > 0)
        {
            problems.Add(new TrustProblem(TrustProblemGrade.Unscoped,
                $"the trust policy federates other OIDC issuers ({string.Join(", ", otherIssuers.Distinct(StringComparer.OrdinalIgnoreCase))}), not this cluster's {issuer}: tokens of another cluster can assume the role, this one's cannot"));
        }
        // When some statement admits the service account, mismatches of the others are not problems of its own.
        if (admitted)
            problems.RemoveAll(p => p.Grade == TrustProblemGrade.Mismatch);
        return new TrustAssessment(RoleTrustKind.Irsa, subject, problems);
    }

    public static TrustAssessment AssessPodIdentity(IamPolicy trust, string @namespace, string serviceAccount)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var subject = ServiceAccountSubject(@namespace, serviceAccount);
        var statements = trust.Statements.Where(s => s.Effect == IamEffect.Allow
            && (s.Principal?.Get("Service") ?? []).Any(v => string.Equals(v, PodIdentityPrincipal, StringComparison.OrdinalIgnoreCase))).ToList();
        var problems = new List<TrustProblem>();
        if (statements.Count == 0)
        {
            problems.Add(new TrustProblem(TrustProblemGrade.Mismatch, $"the trust policy does not allow the {PodIdentityPrincipal} service principal: the Pod Identity association cannot assume the role"));
        }
        else
        {
            foreach (var action in new[] { "sts:AssumeRole", "sts:TagSession" })
            {
                if (!statements.Any(s => s.Actions.Covers(action, ignoreCase: true)))
                    problems.Add(new TrustProblem(TrustProblemGrade.Mismatch, $"the {PodIdentityPrincipal} statement does not allow {action}, which Pod Identity requires"));
            }
        }
        return new TrustAssessment(RoleTrustKind.PodIdentity, subject, problems);
    }

    /// <summary>"oidc.eks.../id/X" from "arn:aws:iam::123:oidc-provider/oidc.eks.../id/X", or null.</summary>
    private static string? ProviderPath(string federated)
    {
        const string marker = ":oidc-provider/";
        var i = federated.IndexOf(marker, StringComparison.Ordinal);
        return i < 0 ? null : federated[(i + marker.Length)..];
    }

    private static TrustProblem? AssessSub(IamStatement statement, IReadOnlyList<IamCondition> sub, string subject, string issuer)
    {
        var scoping = sub.Where(c => c.Operator is "StringEquals" or "StringLike" && c.SetQualifier is not "ForAnyValue").ToList();
        if (scoping.Count == 0)
        {
            var negated = sub.Count > 0 ? $" (only {string.Join("; ", sub.Select(c => c.ToString()))}, which does not name one service account)" : "";
            return new TrustProblem(TrustProblemGrade.Unscoped,
                $"{statement.Label} has no {issuer}:sub condition{negated}: every service account in every namespace of the cluster can assume the role");
        }
        // Conditions under different operators all must hold; values within one are alternatives.
        foreach (var c in scoping)
        {
            var like = c.Operator == "StringLike";
            if (!c.Values.Any(v => like ? IamGlob.Matches(v, subject, ignoreCase: false) : v == subject))
                return new TrustProblem(TrustProblemGrade.Mismatch, $"{statement.Label} {c} does not admit {subject}");
        }
        foreach (var c in scoping.Where(c => c.Operator == "StringLike"))
        {
            foreach (var v in c.Values.Where(v => v.Contains('*', StringComparison.Ordinal) || v.Contains('?', StringComparison.Ordinal)))
            {
                if (!IamGlob.Matches(v, subject, ignoreCase: false)) continue;
                var parts = v.Split(':');
                var span = parts.Length == 4 && parts[0] == "system" && parts[1] == "serviceaccount" && !HasWildcard(parts[2])
                    ? $"every service account matching \"{parts[3]}\" in namespace {parts[2]}"
                    : "service accounts across namespaces";
                return new TrustProblem(TrustProblemGrade.Unscoped, $"{statement.Label} {c} admits {span}, not only {subject}");
            }
        }
        // StringEquals naming several service accounts names each deliberately: scoped.
        return null;
    }

    private static bool HasWildcard(string s) => s.Contains('*', StringComparison.Ordinal) || s.Contains('?', StringComparison.Ordinal);
}
