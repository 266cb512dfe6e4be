using k8s;
using KubePosture.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubePosture.Operator.Kube;

/// <summary>
/// The API server's version (<c>/version</c> gitVersion), read on first use and kept once read. While it cannot be
/// read, scans see null and the checks that need it report not evaluated; the next scan tries again.
/// </summary>
public sealed partial class ControlPlaneVersion
{
    private readonly KubeApiClient _client;
    private readonly ILogger _logger;
    private volatile string? _version;

    public ControlPlaneVersion(KubeApiClient client, ILogger<ControlPlaneVersion> logger)
    {
        _client = client;
        _logger = logger;
    }

    public async Task<string?> GetAsync(CancellationToken cancellationToken)
    {
        if (_version is { } known)
            return known;
        try
        {
            var version = await _client.Kubernetes.Version.GetCodeAsync(cancellationToken);
            _version = version.GitVersion;
            return version.GitVersion;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogVersionUnknown(_logger, e);
            return null;
        }
    }

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "could not read the API server version; checks that need it report not evaluated")]
    private static partial void LogVersionUnknown(ILogger logger, Exception exception);
}
