namespace KubePosture.Aws;

/// <summary>One AWS API operation the adapters call, with the IAM action that authorises it.</summary>
public sealed record AwsOperation(string Service, string Name, string IamAction)
{
    public override string ToString() => IamAction;
}
