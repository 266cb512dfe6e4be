using KubePosture.Operator.Export;

namespace KubePosture.Operator.Tests.Runtime;

public sealed class ClusterIdentityTests
{
    [Fact]
    public void The_configured_name_wins_then_the_eks_cluster_name_then_the_api_server_host()
    {
        Assert.Equal(new ClusterIdentity("prod-eu-1", ClusterIdentity.Configured), ClusterIdentity.Resolve(" prod-eu-1 ", "eks-prod", "https://A1B2.gr7.eu-west-1.eks.amazonaws.com"));
        Assert.Equal(new ClusterIdentity("eks-prod", ClusterIdentity.EksClusterName), ClusterIdentity.Resolve(null, "eks-prod", "https://A1B2.gr7.eu-west-1.eks.amazonaws.com"));
        Assert.Equal(new ClusterIdentity("a1b2.gr7.eu-west-1.eks.amazonaws.com", ClusterIdentity.ApiServerHost), ClusterIdentity.Resolve("", " ", "https://A1B2.gr7.eu-west-1.eks.amazonaws.com:443/"));
        Assert.Equal(new ClusterIdentity("unknown", ClusterIdentity.ApiServerHost), ClusterIdentity.Resolve(null, null, null));
    }
}
