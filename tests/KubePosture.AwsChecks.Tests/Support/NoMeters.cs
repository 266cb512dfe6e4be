using System.Diagnostics.Metrics;

namespace KubePosture.AwsChecks.Tests.Support;

/// <summary>A meter factory for sessions whose metrics a test does not read; disposes the meters it made.</summary>
internal sealed class NoMeters : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(options);
        _meters.Add(meter);
        return meter;
    }

    public void Dispose() => _meters.ForEach(m => m.Dispose());
}
