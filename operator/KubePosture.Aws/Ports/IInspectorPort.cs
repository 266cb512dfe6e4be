using KubePosture.Checks.Aws;

namespace KubePosture.Aws.Ports;

/// <summary>Amazon Inspector, read-only.</summary>
public interface IInspectorPort
{
    /// <summary>BatchGetAccountStatus of one account; null when Inspector reports it as a failed account.</summary>
    Task<InspectorAccountStatus?> GetAccountStatusAsync(string accountId, CancellationToken cancellationToken);
}
