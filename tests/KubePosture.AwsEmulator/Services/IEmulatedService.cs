using KubePosture.AwsEmulator.Protocol;

namespace KubePosture.AwsEmulator.Services;

/// <summary>One AWS service the emulator answers for.</summary>
public interface IEmulatedService
{
    string Name { get; }

    IReadOnlyCollection<string> Operations { get; }

    EmulatorResponse Handle(EmulatorRequest r);
}
