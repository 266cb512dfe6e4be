using k8s.Models;
using KubePosture.Runtime.Client;
using Microsoft.Extensions.Logging;

namespace KubePosture.Runtime.Leadership;

/// <summary>How a leadership term ended.</summary>
public enum LeadershipEnd
{
    /// <summary>Shutdown was requested; the lease was released so another instance takes over at once.</summary>
    Released,

    /// <summary>The lease could not be renewed within the renew deadline, or another instance took it.</summary>
    Lost,
}

/// <summary>
/// Leader election on a <c>coordination.k8s.io/v1</c> Lease, as client-go does it: acquire when the lease is free or
/// has not been renewed for its duration as observed on the local clock (no cross-machine clock comparison); renew
/// every retry period; give up when renewals fail for the renew deadline. Writes use the read resourceVersion so two
/// candidates can never both win. On shutdown the leader releases the lease.
/// </summary>
public sealed partial class LeaderElector
{
    public static readonly ResourceType LeaseType = new("coordination.k8s.io", "v1", "leases", "Lease", Namespaced: true);

    private readonly KubeApiClient _client;
    private readonly LeaderElectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private (string? Holder, DateTime? Renew, string? ResourceVersion) _observed;
    private long _observedAt;
    private volatile bool _isLeader;

    public LeaderElector(KubeApiClient client, LeaderElectionOptions options, TimeProvider time, ILogger<LeaderElector> logger)
    {
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        _client = client;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public bool IsLeader => _isLeader;

    public string Identity => _options.Identity;

    /// <summary>Raised with the new value whenever <see cref="IsLeader"/> changes (for the leader metric).</summary>
    public event Action<bool>? LeadershipChanged;

    /// <summary>
    /// Waits to become leader, runs <paramref name="lead"/> with a token that is cancelled when leadership ends, and
    /// returns how it ended. Cancelling <paramref name="cancellationToken"/> while waiting returns
    /// <see cref="LeadershipEnd.Released"/> without having led.
    /// </summary>
    public async Task<LeadershipEnd> RunAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        if (!await AcquireAsync(cancellationToken))
        {
            return LeadershipEnd.Released;
        }

        SetLeader(true);
        LogAcquired(_logger, _options.Identity, _options.Namespace, _options.LeaseName);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var work = RunLeadAsync(lead, leading.Token);
        var end = await RenewUntilLostAsync(cancellationToken);
        await leading.CancelAsync();
        try
        {
            await work;
        }
        finally
        {
            SetLeader(false);
            if (end == LeadershipEnd.Released)
            {
                await ReleaseAsync();
            }
            else
            {
                LogLost(_logger, _options.Identity, _options.LeaseName);
            }
        }

        return end;
    }

    private static async Task RunLeadAsync(Func<CancellationToken, Task> lead, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await lead(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                return true;
            }

            try
            {
                await Task.Delay(_options.RetryPeriod, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }

    private async Task<LeadershipEnd> RenewUntilLostAsync(CancellationToken cancellationToken)
    {
        var lastRenew = _time.GetTimestamp();
        while (true)
        {
            try
            {
                await Task.Delay(_options.RetryPeriod, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return LeadershipEnd.Released;
            }

            if (await TryAcquireOrRenewAsync(cancellationToken))
            {
                lastRenew = _time.GetTimestamp();
                continue;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return LeadershipEnd.Released;
            }

            if (_observed.Holder is { Length: > 0 } holder && holder != _options.Identity)
            {
                return LeadershipEnd.Lost;
            }

            if (_time.GetElapsedTime(lastRenew) >= _options.RenewDeadline)
            {
                return LeadershipEnd.Lost;
            }
        }
    }

    /// <summary>One attempt: create, take over an expired lease, or renew our own. False when another holds it or the write lost a race.</summary>
    private async Task<bool> TryAcquireOrRenewAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow().UtcDateTime;
        try
        {
            var lease = await _client.GetAsync<V1Lease>(LeaseType, _options.Namespace, _options.LeaseName, cancellationToken);
            if (lease is null)
            {
                await _client.CreateAsync(LeaseType, new V1Lease
                {
                    ApiVersion = "coordination.k8s.io/v1",
                    Kind = "Lease",
                    Metadata = new V1ObjectMeta { Name = _options.LeaseName, NamespaceProperty = _options.Namespace },
                    Spec = new V1LeaseSpec
                    {
                        HolderIdentity = _options.Identity,
                        LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds),
                        AcquireTime = now,
                        RenewTime = now,
                        LeaseTransitions = 0,
                    },
                }, cancellationToken);
                Observe(_options.Identity, now, null);
                return true;
            }

            lease.Spec ??= new V1LeaseSpec();
            var holder = lease.Spec.HolderIdentity;
            Observe(holder, lease.Spec.RenewTime, lease.Metadata.ResourceVersion);
            var heldByOther = !string.IsNullOrEmpty(holder) && holder != _options.Identity;
            if (heldByOther && _time.GetElapsedTime(_observedAt) < _options.LeaseDuration)
            {
                return false;
            }

            if (holder != _options.Identity)
            {
                lease.Spec.AcquireTime = now;
                lease.Spec.LeaseTransitions = (lease.Spec.LeaseTransitions ?? 0) + 1;
            }

            lease.Spec.HolderIdentity = _options.Identity;
            lease.Spec.LeaseDurationSeconds = (int)Math.Ceiling(_options.LeaseDuration.TotalSeconds);
            lease.Spec.RenewTime = now;
            var stored = await _client.ReplaceAsync(LeaseType, lease, cancellationToken);
            Observe(_options.Identity, now, stored.Metadata.ResourceVersion);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e)
        {
            LogAttemptFailed(_logger, e, _options.Namespace, _options.LeaseName);
            return false;
        }
    }

    private void Observe(string? holder, DateTime? renew, string? resourceVersion)
    {
        // The lease is considered alive while its record keeps changing; expiry is measured from when *we* saw it change.
        if (_observed.Holder != holder || _observed.Renew != renew || _observedAt == 0)
        {
            _observedAt = _time.GetTimestamp();
        }

        _observed = (holder, renew, resourceVersion);
    }

    private async Task ReleaseAsync()
    {
        using var timeout = new CancellationTokenSource(_options.RenewDeadline);
        try
        {
            var lease = await _client.GetAsync<V1Lease>(LeaseType, _options.Namespace, _options.LeaseName, timeout.Token);
            if (lease?.Spec?.HolderIdentity != _options.Identity)
            {
                return;
            }

            lease.Spec.HolderIdentity = null;
            lease.Spec.LeaseDurationSeconds = 1;
            lease.Spec.RenewTime = _time.GetUtcNow().UtcDateTime;
            await _client.ReplaceAsync(LeaseType, lease, timeout.Token);
            LogReleased(_logger, _options.Identity, _options.LeaseName);
        }
        catch (Exception e)
        {
            LogAttemptFailed(_logger, e, _options.Namespace, _options.LeaseName);
        }
    }

    private void SetLeader(bool value)
    {
        _isLeader = value;
        LeadershipChanged?.Invoke(value);
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "leader election: {Identity} became leader on lease {Namespace}/{Lease}")]
    private static partial void LogAcquired(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "leader election: {Identity} lost lease {Lease}")]
    private static partial void LogLost(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Information, Message = "leader election: {Identity} released lease {Lease}")]
    private static partial void LogReleased(ILogger logger, string identity, string lease);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "leader election: attempt on lease {Namespace}/{Lease} failed")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, string @namespace, string lease);
}
