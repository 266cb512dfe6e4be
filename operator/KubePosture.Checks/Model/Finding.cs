namespace KubePosture.Checks.Model;

/// <summary>
/// One result of one check on one resource. <see cref="Severity"/> may differ from the descriptor's default
/// when the check grades (for example hostPath of a runtime socket is Critical). <see cref="Details"/> carries
/// small structured evidence (container, field, subjects, CVE ids) for reports; keep it bounded. The message is held
/// as a <see cref="FindingMessage"/>: a check that writes it as <c>$"..."</c> keeps its pieces, not a rendered copy.
/// </summary>
public sealed record Finding
{
    public Finding(string CheckId, Severity Severity, ResourceRef Resource, string Message, IReadOnlyDictionary<string, string>? Details = null)
        : this(CheckId, Severity, Resource, new FindingMessage(Message), Details)
    {
    }

    public Finding(string CheckId, Severity Severity, ResourceRef Resource, FindingMessageHandler Message, IReadOnlyDictionary<string, string>? Details = null)
        : this(CheckId, Severity, Resource, Message.ToMessage(), Details)
    {
    }

    public Finding(string CheckId, Severity Severity, ResourceRef Resource, FindingMessage Message, IReadOnlyDictionary<string, string>? Details = null)
    {
        this.CheckId = CheckId;
        this.Severity = Severity;
        this.Resource = Resource;
        Text = Message;
        this.Details = Details;
    }

    public string CheckId { get; init; }

    public Severity Severity { get; init; }

    public ResourceRef Resource { get; init; }

    /// <summary>The message as held (pieces or text): compare and hash it without rendering.</summary>
    public FindingMessage Text { get; init; }

    /// <summary>The rendered message (a new string per read when it is held in pieces).</summary>
    public string Message
    {
        get => Text.ToString();
        init => Text = new FindingMessage(value);
    }

    /// <summary>The details, held compactly (<see cref="FindingDetailsDictionary"/>) whatever dictionary the check built.</summary>
    public IReadOnlyDictionary<string, string>? Details { get; init => field = FindingDetailsDictionary.From(value); }

    /// <summary>Identity used to de-duplicate findings: one per check, resource and message.</summary>
    public (string, ResourceRef, FindingMessage) Key => (CheckId, Resource, Text);
}
