namespace KubePosture.KubeEmulator.Semantics;

/// <summary>Per-request write options (query parameters) and the warnings a write produced.</summary>
internal sealed class WriteOptions
{
    public bool DryRun { get; init; }

    /// <summary>fieldValidation: Strict (unknown fields are a 400), Warn (the default: a Warning header), Ignore.</summary>
    public string FieldValidation { get; init; } = "Warn";

    public string? FieldManager { get; init; }

    /// <summary>Seeding keeps status (and other server-owned fields) exactly as given.</summary>
    public bool KeepStatus { get; init; }

    public List<string> Warnings { get; } = [];
}

/// <summary>DeleteOptions from the body or the query string.</summary>
internal sealed record DeleteRequest(string? PropagationPolicy, string? PreconditionUid, string? PreconditionResourceVersion, bool DryRun);
