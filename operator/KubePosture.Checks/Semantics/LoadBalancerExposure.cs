using KubePosture.Checks.Inventory;

namespace KubePosture.Checks.Semantics;

/// <summary>
/// Whether an AWS load balancer Service faces the internet. The AWS Load Balancer Controller (loadBalancerClass
/// service.k8s.aws/nlb, or aws-load-balancer-type external / nlb-ip) creates internal load balancers unless
/// aws-load-balancer-scheme is internet-facing; the in-tree cloud provider creates internet-facing ones unless
/// aws-load-balancer-internal is set to a value other than "false".
/// </summary>
public static class LoadBalancerExposure
{
    public const string SchemeAnnotation = "service.beta.kubernetes.io/aws-load-balancer-scheme";
    public const string InternalAnnotation = "service.beta.kubernetes.io/aws-load-balancer-internal";
    public const string TypeAnnotation = "service.beta.kubernetes.io/aws-load-balancer-type";

    public static bool IsInternetFacing(ServiceRecord service, out string reason)
    {
        var scheme = service.Annotations.GetValueOrDefault(SchemeAnnotation);
        var internalValue = service.Annotations.GetValueOrDefault(InternalAnnotation);
        var type = service.Annotations.GetValueOrDefault(TypeAnnotation);
        var controller = service.LoadBalancerClass == "service.k8s.aws/nlb" || type is "external" or "nlb-ip";

        if (scheme is not null)
        {
            reason = $"{SchemeAnnotation}: {scheme}";
            return scheme == "internet-facing";
        }

        if (internalValue is not null)
        {
            reason = $"{InternalAnnotation}: \"{internalValue}\"";
            return internalValue.Equals("false", StringComparison.OrdinalIgnoreCase);
        }

        if (controller)
        {
            reason = "the AWS Load Balancer Controller creates internal load balancers by default";
            return false;
        }

        reason = $"neither {SchemeAnnotation}: internal nor {InternalAnnotation}: \"true\" is set";
        return true;
    }
}
