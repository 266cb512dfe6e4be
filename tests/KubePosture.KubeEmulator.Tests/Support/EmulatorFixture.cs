namespace KubePosture.KubeEmulator.Tests.Support;

/// <summary>One emulator per test class (tests inside a class use their own namespaces).</summary>
public sealed class EmulatorFixture : IAsyncLifetime
{
    public KubeEmulatorServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Server = await KubeEmulatorServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
