namespace KubePosture.Checks.Semantics.Aws;

/// <summary>
/// The identity policies of one principal (inline and attached managed policies), evaluated as IAM does within one
/// account: an explicit Deny overrides any Allow; without an Allow the request is implicitly denied. Queries may use
/// wildcards (<c>s3:*</c> on <c>*</c> asks "every S3 action on every resource"). Conditions cannot be decided
/// offline: a conditional Allow still counts as a grant (reported as conditional); only an unconditional Deny
/// removes one, a conditional Deny is reported beside it.
/// </summary>
public sealed class IamPermissions
{
    /// <summary>Privilege-escalation actions (Rhino Security Labs' IAM escalation methods, EKS Best Practices): each
    /// lets the holder grant itself or another principal more than it was given.</summary>
    public static IReadOnlyList<string> EscalationActions { get; } =
    [
        "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
        "iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy",
        "iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy",
        "iam:CreateAccessKey", "iam:CreateLoginProfile", "iam:UpdateLoginProfile",
        "iam:AddUserToGroup", "iam:UpdateAssumeRolePolicy", "iam:CreateRole", "iam:CreateUser",
    ];

    /// <summary>Actions that escalate only when allowed on every resource (any role can be passed or assumed).</summary>
    public static IReadOnlyList<string> EscalationActionsOnAnyResource { get; } = ["iam:PassRole", "sts:AssumeRole"];

    public IamPermissions(IReadOnlyList<IamPolicy> policies)
    {
        Policies = policies;
        Statements = [.. policies.SelectMany(p => p.Statements.Select(s => new SourcedStatement(p, s)))];
    }

    public IReadOnlyList<IamPolicy> Policies { get; }

    public IReadOnlyList<SourcedStatement> Statements { get; }

    /// <summary>Whether the action pattern is allowed on the resource pattern, for every value both match.</summary>
    public IamDecision Evaluate(string action, string resource)
    {
        var allows = Statements.Where(s => s.Statement.Effect == IamEffect.Allow
            && s.Statement.Actions.Covers(action, ignoreCase: true) && s.Statement.Resources.Covers(resource, ignoreCase: false)).ToList();
        var denies = Statements.Where(s => s.Statement.Effect == IamEffect.Deny
            && s.Statement.Actions.Overlaps(action, ignoreCase: true) && s.Statement.Resources.Overlaps(resource, ignoreCase: false)).ToList();
        var hardDenies = denies.Where(d => !d.Statement.HasConditions).ToList();
        var allowed = allows.Count > 0 && hardDenies.Count == 0;
        return new IamDecision(action, resource, allowed, allowed && allows.All(a => a.Statement.HasConditions), allows, denies);
    }

    /// <summary>Full administrator: every action on every resource.</summary>
    public IamDecision Admin() => Evaluate("*", "*");

    /// <summary>
    /// Service-wide wildcards on every resource (<c>s3:*</c> on <c>*</c>), one decision per service, plus every
    /// NotAction Allow on <c>*</c> ("everything except iam:*" grants all other services). Admin is reported by
    /// <see cref="Admin"/>, not here.
    /// </summary>
    public IReadOnlyList<IamDecision> ServiceWildcards()
    {
        var result = new List<IamDecision>();
        var services = Statements.Where(s => s.Statement.Effect == IamEffect.Allow && !s.Statement.Actions.Negated)
            .SelectMany(s => s.Statement.Actions.Patterns)
            .Select(p => p.Split(':', 2))
            .Where(p => p.Length == 2 && p[0] != "*" && p[1] == "*")
            .Select(p => p[0].ToLowerInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal);
        foreach (var service in services)
        {
            var decision = Evaluate($"{service}:*", "*");
            if (decision.Allowed) result.Add(decision);
        }
        foreach (var s in Statements.Where(s => s.Statement.Effect == IamEffect.Allow && s.Statement.Actions.Negated && s.Statement.Resources.Covers("*", false)))
        {
            // "All actions except X" on every resource: report it unless a Deny removes everything it grants.
            var denied = Statements.Any(d => d.Statement.Effect == IamEffect.Deny && !d.Statement.HasConditions
                && d.Statement.Actions.Covers("*", true) && d.Statement.Resources.Covers("*", false));
            if (!denied)
                result.Add(new IamDecision($"* except {string.Join(", ", s.Statement.Actions.Patterns)}", "*", true, s.Statement.HasConditions, [s], []));
        }
        return result;
    }

    /// <summary>
    /// Privilege-escalation actions the principal holds: <see cref="EscalationActions"/> on any resource an Allow
    /// names, <see cref="EscalationActionsOnAnyResource"/> only on <c>*</c>.
    /// </summary>
    public IReadOnlyList<IamDecision> EscalationGrants()
    {
        var result = new List<IamDecision>();
        foreach (var action in EscalationActionsOnAnyResource)
        {
            var decision = Evaluate(action, "*");
            if (decision.Allowed) result.Add(decision);
        }
        foreach (var action in EscalationActions)
        {
            // Try every resource pattern an Allow statement for this action names (NotResource: "*").
            var resources = Statements.Where(s => s.Statement.Effect == IamEffect.Allow && s.Statement.Actions.Covers(action, true))
                .SelectMany(s => s.Statement.Resources.Negated ? ["*"] : s.Statement.Resources.Patterns)
                .Distinct(StringComparer.Ordinal);
            foreach (var resource in resources)
            {
                var decision = Evaluate(action, resource);
                if (!decision.Allowed) continue;
                result.Add(decision);
                break;
            }
        }
        return result;
    }
}

/// <summary>A statement with the policy it came from.</summary>
public sealed record SourcedStatement(IamPolicy Policy, IamStatement Statement)
{
    public override string ToString() => $"{Policy.Source} {Statement.Label}";
}

/// <summary>
/// The answer to one query. <see cref="Conditional"/>: every Allow that grants it has a Condition.
/// <see cref="DeniedBy"/> lists Deny statements that overlap the query (conditional ones do not remove the grant).
/// </summary>
public sealed record IamDecision(
    string Action,
    string Resource,
    bool Allowed,
    bool Conditional,
    IReadOnlyList<SourcedStatement> AllowedBy,
    IReadOnlyList<SourcedStatement> DeniedBy)
{
    /// <summary>"s3:* on * (policy demo-app-s3 Statement[0])".</summary>
    public string Describe()
    {
        var by = string.Join("; ", AllowedBy.Select(a => a.ToString()));
        var cond = Conditional ? ", only under conditions" : "";
        return $"{Action} on {Resource} ({by}{cond})";
    }
}
