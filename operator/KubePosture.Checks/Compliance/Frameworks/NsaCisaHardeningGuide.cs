namespace KubePosture.Checks.Compliance.Frameworks;

/// <summary>
/// NSA/CISA Kubernetes Hardening Guide v1.2 (August 2022). The guide has no numbered controls; ours are its
/// recommendations in the order of its chapters (1 Kubernetes Pod security, 2 Network separation and hardening,
/// 3 Authentication and authorization, 4 Audit logging and threat detection, 5 Upgrading and application security
/// practices), each titled with the guide's heading. Control-plane recommendations (etcd, API server flags, TLS
/// between components, the audit policy) are AWS's on EKS.
/// </summary>
internal static class NsaCisaHardeningGuide
{
    public static ComplianceFramework Framework { get; } = new(
        "nsa-cisa",
        "NSA/CISA Kubernetes Hardening Guide",
        "1.2",
        "https://media.defense.gov/2022/Aug/29/2003066362/-1/-1/0/CTR_KUBERNETES_HARDENING_GUIDANCE_1.2_20220829.PDF",
        [
            .. new ControlBuilder("1 Kubernetes Pod security")
                .Automated("1.1", "Use containers built to run applications as non-root users", "pod.run-as-root reports containers that may run as UID 0 (no runAsNonRoot, runAsUser 0 or unset with an image user unknown).", "pod.run-as-root")
                .Automated("1.2", "Run containers with immutable file systems", "pod.readonly-root-fs reports containers without readOnlyRootFilesystem: true.", "pod.readonly-root-fs")
                .Automated("1.3", "Build secure container images: scan images for vulnerabilities and misconfigurations", "ecr.image-vulnerable reports running images with Critical or High findings, ecr.image-unscanned running images without a current scan; needs AWS access.", "ecr.image-vulnerable", "ecr.image-unscanned")
                .Automated("1.4", "Pod security enforcement: deny privileged containers", "pod.privileged reports privileged containers.", "pod.privileged")
                .Automated("1.5", "Pod security enforcement: deny host namespaces and host paths", "pod.host-pid, pod.host-ipc, pod.host-network and pod.host-path report the pod fields the guide lists.", "pod.host-pid", "pod.host-ipc", "pod.host-network", "pod.host-path")
                .Automated("1.6", "Pod security enforcement: deny privilege escalation and drop capabilities", "pod.privilege-escalation, pod.capabilities-dangerous and pod.capabilities-not-dropped report the container security contexts the guide lists.", "pod.privilege-escalation", "pod.capabilities-dangerous", "pod.capabilities-not-dropped")
                .Automated("1.7", "Pod security enforcement: use a built-in admission controller (Pod Security Admission)", "namespace.pss-not-enforced reports namespaces without a pod-security.kubernetes.io/enforce label of baseline or restricted.", "namespace.pss-not-enforced")
                .Automated("1.8", "Protecting Pod service account tokens", "pod.sa-token-automount reports workloads that mount a token they do not need.", "pod.sa-token-automount")
                .Automated("1.9", "Hardening container environments: seccomp, AppArmor, SELinux", "pod.seccomp and pod.apparmor-unconfined report containers without a seccomp profile or with AppArmor unconfined. Sandboxed runtimes (gVisor, Kata) are not judged.", "pod.seccomp", "pod.apparmor-unconfined")
                .Controls,
            .. new ControlBuilder("2 Network separation and hardening")
                .Manual("2.1", "Namespaces: separate resources and teams", "Review that teams and applications have their own namespaces with their own RBAC, quotas and network policies.")
                .Automated("2.2", "Network policies: default deny in every namespace", "netpol.no-default-deny reports namespaces without a default-deny ingress policy, netpol.namespace-missing namespaces without any policy.", "netpol.no-default-deny", "netpol.namespace-missing")
                .Automated("2.3", "Resource policies: requests and limits", "pod.resources-missing reports containers without a memory limit or without requests. LimitRanges and ResourceQuotas are not read.", "pod.resources-missing")
                .AwsManaged("2.4", "Control plane hardening: etcd, API server flags, TLS between components", "AWS configures and operates the API server, etcd (encrypted volumes, TLS, not reachable by customers) and the controller manager and scheduler of EKS.")
                .Automated("2.5", "Control plane hardening: do not expose the Kubernetes API to the internet", "eks.endpoint-public reports a public API endpoint; needs AWS access. The endpoint's exposure is the customer's setting.", "eks.endpoint-public")
                .Automated("2.6", "Worker node segmentation", "node.public-ip reports nodes with a public IP address, vpc.sg-open cluster and node security groups open to the internet; needs AWS access.", "node.public-ip", "vpc.sg-open")
                .AwsManaged("2.7", "Encryption: TLS between control plane components and to etcd", "AWS terminates and encrypts the control plane's traffic and etcd on EKS.")
                .Automated("2.8", "Secrets: encrypt Secrets at rest", "eks.secrets-unencrypted reports a cluster without KMS envelope encryption of secrets; pod.secrets-in-env secret-like values written into pod specs in clear. Needs AWS access for the first.", "eks.secrets-unencrypted", "pod.secrets-in-env")
                .Automated("2.9", "Protecting sensitive cloud infrastructure: block access to the instance metadata service", "netpol.imds-reachable reports workloads whose NetworkPolicies let them reach 169.254.169.254; node.imds-hop-limit and node.imdsv2-optional nodes where pods can reach IMDS at all (AWS access).", "netpol.imds-reachable", "node.imds-hop-limit", "node.imdsv2-optional")
                .Controls,
            .. new ControlBuilder("3 Authentication and authorization")
                .Automated("3.1", "Authentication: disable anonymous access", "rbac.anonymous-binding reports bindings to system:anonymous or system:unauthenticated. The API server's --anonymous-auth flag is AWS's.", "rbac.anonymous-binding")
                .Automated("3.2", "Role-based access control: least privilege for users and service accounts", "The RBAC checks that report broad grants: cluster-admin bindings, wildcards, secrets read, exec, escalate/bind/impersonate.", "rbac.cluster-admin-binding", "rbac.wildcard", "rbac.secrets-read", "rbac.pods-exec", "rbac.escalate-bind-impersonate")
                .Controls,
            .. new ControlBuilder("4 Audit logging and threat detection")
                .Automated("4.1", "Logging: enable Kubernetes audit logging", "eks.audit-log-off reports a cluster whose audit log is off, eks.logging-incomplete one with control plane log types missing; needs AWS access.", "eks.audit-log-off", "eks.logging-incomplete")
                .AwsManaged("4.2", "Kubernetes native audit logging configuration (the audit policy)", "EKS sets the API server's audit policy; the customer only chooses whether the log is shipped to CloudWatch Logs (4.1).")
                .Manual("4.3", "Worker node and container logging", "Ship node and container logs (Fluent Bit, CloudWatch agent, Container Insights) and keep them; kubeposture does not see log pipelines on nodes.")
                .Manual("4.4", "Threat detection and alerting", "Feed audit and container logs to detection (GuardDuty EKS Protection and Runtime Monitoring, a SIEM) and alert on anomalies.")
                .Manual("4.5", "Service meshes and fault tolerance", "Judge whether mutual TLS between services and log durability fit the workload.")
                .Controls,
            .. new ControlBuilder("5 Upgrading and application security practices")
                .Automated("5.1", "Promptly apply security patches and updates: Kubernetes versions", "eks.version-support and node.k8s-unsupported report a control plane or kubelet out of standard support, node.version-skew kubelets outside the supported skew.", "eks.version-support", "node.k8s-unsupported", "node.version-skew")
                .Automated("5.2", "Promptly apply security patches and updates: nodes", "node.ami-outdated reports managed node groups behind the recommended AMI release, node.patch-noncompliant nodes SSM Patch Manager calls non-compliant; needs AWS access.", "node.ami-outdated", "node.patch-noncompliant")
                .Automated("5.3", "Perform periodic vulnerability scans", "ecr.scanning-disabled reports repositories of running images without scanning; needs AWS access.", "ecr.scanning-disabled")
                .Manual("5.4", "Remove unused components and perform penetration tests", "Remove workloads, roles and add-ons no one uses; schedule penetration tests.")
                .Controls,
        ]);
}
