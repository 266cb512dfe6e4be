using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;

namespace KubePosture.Aws.Signing;

/// <summary>
/// The minimal AWSSDK.Core client configuration the SDK's SigV4 signer reads: which service name and region go
/// into the credential scope. Used for the thin clients (ECR, EKS, IAM, ECS) that have no SDK package here.
/// </summary>
internal sealed class SigningClientConfig : ClientConfig
{
    private static readonly DefaultConfiguration Standard = new() { Name = DefaultConfigurationMode.Standard, RetryMode = RequestRetryMode.Standard };

    private readonly string _service;

    public SigningClientConfig(string service, string signingRegion, Uri endpoint)
        : base(new DefaultConfigurationProvider([Standard]))
    {
        _service = service;
        AuthenticationServiceName = service;
        AuthenticationRegion = signingRegion;
        ServiceURL = endpoint.GetLeftPart(UriPartial.Authority);
    }

    public override string ServiceVersion => "kubeposture";

    public override string UserAgent => "kubeposture";

    public override string RegionEndpointServiceName => _service;

    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
        new(ServiceURL);
}
