namespace KubePosture.Aws.Tests;

/// <summary>
/// botocore (through boto3, installed on the machine image) pointed at the AWS emulator: the emulator speaks AWS, not
/// just our client. Every emulated operation must come back parsed by botocore's own service models.
/// </summary>
public sealed class IndependentClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Boto3_gets_well_formed_answers_for_every_emulated_operation()
    {
        await using var aws = await AwsTestContext.StartAsync();
        var (key, secret) = aws.Server.Credentials;
        var token = aws.Server.Fixture.Section("sts")["webIdentityToken"]!.GetValue<string>();
        var script = Path.Combine(AppContext.BaseDirectory, "scripts", "boto3_against_emulator.py");

        var (exit, output) = await PythonScript.RunAsync([script, aws.Server.BaseUrl, key, secret, token], Ct);

        Assert.True(exit == 0, output);
        var ok = output.Split('\n').Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).Select(l => l[3..].Trim()).ToHashSet();
        Assert.Empty(aws.Server.Operations.Except(ok));
    }
}
