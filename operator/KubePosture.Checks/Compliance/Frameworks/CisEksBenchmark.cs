using KubePosture.Checks.Model;

namespace KubePosture.Checks.Compliance.Frameworks;

/// <summary>
/// CIS Amazon EKS Benchmark v1.8.0, the newest version kube-bench ships (aquasecurity/kube-bench cfg/eks-1.8.0): every
/// recommendation with its number and title as published. Section 1 (Control Plane Components) has no recommendations
/// because AWS operates the control plane; it is listed as one AWS-managed entry so that the report says so.
/// Sections 3.1 and 3.2 read files and kubelet flags on the nodes, which kubeposture does not see (run kube-bench on a
/// node of each AMI for them).
/// </summary>
internal static class CisEksBenchmark
{
    private const string KubeBenchNodes = "Read on the node itself: run `kube-bench run --benchmark eks-1.8.0 --targets node` as a DaemonSet or on one node of each AMI and launch template. kubeposture does not read node files or kubelet flags. AWS ships EKS-optimized AMIs and Bottlerocket with this set; custom AMIs, user data and launch templates are the customer's.";

    public static ComplianceFramework Framework { get; } = new(
        "cis-eks",
        "CIS Amazon EKS Benchmark",
        "1.8.0",
        "https://www.cisecurity.org/benchmark/kubernetes (Amazon EKS); controls as in aquasecurity/kube-bench cfg/eks-1.8.0",
        [
            .. new ControlBuilder("1 Control Plane Components", Responsibility.Aws)
                .AwsManaged("1", "Control Plane Components (no recommendations: the control plane is operated by AWS)",
                    "AWS runs, configures and patches the API server, etcd, controller manager and scheduler of every EKS cluster; the benchmark leaves this section empty for that reason. Evidence comes from AWS's compliance reports (AWS Artifact), not from a scan.")
                .Controls,
            .. new ControlBuilder("2.1 Logging")
                .Automated("2.1.1", "Enable audit Logs", "The customer switches on the control plane's audit log type in the EKS cluster's logging configuration; eks.audit-log-off reads it from DescribeCluster.", "eks.audit-log-off")
                .Manual("2.1.2", "Ensure audit logs are collected and managed", "Check the CloudWatch Logs group /aws/eks/<cluster>/cluster: retention, who reads it, alerts or a SIEM subscription on it. Retention and review are a process, not a setting kubeposture can judge.")
                .Controls,
            .. new ControlBuilder("3.1 Worker Node Configuration Files", Responsibility.Shared)
                .Manual("3.1.1", "Ensure that the kubeconfig file permissions are set to 644 or more restrictive", KubeBenchNodes)
                .Manual("3.1.2", "Ensure that the kubelet kubeconfig file ownership is set to root:root", KubeBenchNodes)
                .Manual("3.1.3", "Ensure that the kubelet configuration file has permissions set to 644 or more restrictive", KubeBenchNodes)
                .Manual("3.1.4", "Ensure that the kubelet configuration file ownership is set to root:root", KubeBenchNodes)
                .Controls,
            .. new ControlBuilder("3.2 Kubelet", Responsibility.Shared)
                .Manual("3.2.1", "Ensure that the Anonymous Auth is Not Enabled", KubeBenchNodes)
                .Manual("3.2.2", "Ensure that the --authorization-mode argument is not set to AlwaysAllow", KubeBenchNodes)
                .Manual("3.2.3", "Ensure that a Client CA File is Configured", KubeBenchNodes)
                .Manual("3.2.4", "Ensure that the --read-only-port is disabled", KubeBenchNodes)
                .Manual("3.2.5", "Ensure that the --streaming-connection-idle-timeout argument is not set to 0", KubeBenchNodes)
                .Manual("3.2.6", "Ensure that the --make-iptables-util-chains argument is set to true", KubeBenchNodes)
                .Manual("3.2.7", "Ensure that the --eventRecordQPS argument is set to 0 or a level which ensures appropriate event capture", KubeBenchNodes)
                .Manual("3.2.8", "Ensure that the --rotate-certificates argument is not present or is set to true", KubeBenchNodes)
                .Manual("3.2.9", "Ensure that the RotateKubeletServerCertificate argument is set to true", KubeBenchNodes)
                .Controls,
            .. new ControlBuilder("4.1 RBAC and Service Accounts")
                .Automated("4.1.1", "Ensure that the cluster-admin role is only used where required", "cluster-admin reaches subjects through ClusterRoleBindings (rbac.cluster-admin-binding), through aws-auth mappings to the system:masters group, which RBAC does not show (eks.aws-auth-masters), and on EKS through access entries with AmazonEKSClusterAdminPolicy (eks.access-entry-admin, which needs AWS access). System bindings EKS creates are not reported.", "rbac.cluster-admin-binding", "eks.aws-auth-masters", "eks.access-entry-admin")
                .Automated("4.1.2", "Minimize access to secrets", "rbac.secrets-read reports roles granting get, list or watch on secrets to subjects other than the system components that need it.", "rbac.secrets-read")
                .Automated("4.1.3", "Minimize wildcard use in Roles and ClusterRoles", "rbac.wildcard reports '*' in verbs, resources or apiGroups of bound roles.", "rbac.wildcard")
                .Automated("4.1.4", "Minimize access to create pods", "rbac.create-workloads reports subjects that can create pods or pod controllers (which create pods) cluster-wide.", "rbac.create-workloads")
                .Automated("4.1.5", "Ensure that default service accounts are not actively used", "Used means a workload runs as it (pod.default-service-account) or a binding grants it rights (rbac.default-sa-bound).", "pod.default-service-account", "rbac.default-sa-bound")
                .Automated("4.1.6", "Ensure that Service Account Tokens are only mounted where necessary", "pod.sa-token-automount reports workloads that mount a token automatically without needing the API (neither the pod nor its service account sets automountServiceAccountToken: false).", "pod.sa-token-automount")
                .Automated("4.1.7", "Cluster Access Manager API to streamline and enhance the management of access controls within EKS clusters", "eks.auth-configmap fails a cluster whose authentication mode is CONFIG_MAP only (no access entries); needs AWS access.", "eks.auth-configmap")
                .Automated("4.1.8", "Limit use of the Bind, Impersonate and Escalate permissions in the Kubernetes cluster", "rbac.escalate-bind-impersonate reports bound roles with bind, escalate or impersonate.", "rbac.escalate-bind-impersonate")
                .Automated("4.1.9", "Minimize access to create PersistentVolume objects", "rbac.create-persistentvolumes reports subjects that can create PersistentVolumes (a hostPath PersistentVolume is a way onto the node).", "rbac.create-persistentvolumes")
                .Automated("4.1.10", "Minimize access to the proxy sub-resource of Node objects", "rbac.nodes-proxy reports subjects with access to nodes/proxy (the kubelet API, exec in any pod on the node).", "rbac.nodes-proxy")
                .Automated("4.1.11", "Minimize access to webhook configuration objects", "rbac.webhook-config-write reports subjects that can create, update, patch or delete validating or mutating admission webhook configurations.", "rbac.webhook-config-write")
                .Automated("4.1.12", "Minimize access to the service account token creation", "rbac.token-create reports subjects that can create serviceaccounts/token.", "rbac.token-create")
                .Controls,
            .. new ControlBuilder("4.2 Pod Security Standards")
                .Automated("4.2.1", "Minimize the admission of privileged containers", "pod.privileged reports containers with privileged: true (and Windows HostProcess containers).", "pod.privileged")
                .Automated("4.2.2", "Minimize the admission of containers wishing to share the host process ID namespace", "pod.host-pid reports hostPID: true.", "pod.host-pid")
                .Automated("4.2.3", "Minimize the admission of containers wishing to share the host IPC namespace", "pod.host-ipc reports hostIPC: true.", "pod.host-ipc")
                .Automated("4.2.4", "Minimize the admission of containers wishing to share the host network namespace", "pod.host-network reports hostNetwork: true.", "pod.host-network")
                .Automated("4.2.5", "Minimize the admission of containers with allowPrivilegeEscalation", "pod.privilege-escalation reports containers that do not set allowPrivilegeEscalation: false.", "pod.privilege-escalation")
                .Controls,
            .. new ControlBuilder("4.3 CNI Plugin")
                .Automated("4.3.1", "Ensure CNI plugin supports network policies", Responsibility.Shared, "eks.cni-network-policy-off fails a cluster whose vpc-cni add-on does not enable network policy while no other enforcing CNI (Calico, Cilium, Antrea, kube-router, Weave Net DaemonSet) runs; a self-managed aws-node is not evaluated (its flags are not read). Needs AWS access. AWS ships the CNI add-on; enabling enforcement is the customer's choice.", "eks.cni-network-policy-off")
                .Automated("4.3.2", "Ensure that all Namespaces have Network Policies defined", "netpol.namespace-missing reports namespaces with workloads and no NetworkPolicy (system namespaces unless the scan includes them).", "netpol.namespace-missing")
                .Controls,
            .. new ControlBuilder("4.4 Secrets Management")
                .Automated("4.4.1", "Prefer using secrets as files over secrets as environment variables", "pod.secret-as-env reports containers that read a Secret through env[].valueFrom.secretKeyRef or envFrom[].secretRef; pod.secrets-in-env reports secret-like values written literally, which is worse and breaks the same intent.", "pod.secret-as-env", "pod.secrets-in-env")
                .Manual("4.4.2", "Consider external secret storage", "Decide whether secrets live in AWS Secrets Manager or Parameter Store (Secrets Store CSI Driver, External Secrets) rather than as Kubernetes Secrets.")
                .Controls,
            .. new ControlBuilder("4.5 General Policies")
                .Manual("4.5.1", "Create administrative boundaries between resources using namespaces", "Review that teams and applications have their own namespaces with their own RBAC, quotas and network policies.")
                .Automated("4.5.2", "The default namespace should not be used", "namespace.default-used reports workloads and Services (other than the kubernetes Service) in the default namespace.", "namespace.default-used")
                .Controls,
            .. new ControlBuilder("5.1 Image Registry and Image Scanning")
                .Automated("5.1.1", "Ensure Image Vulnerability Scanning using Amazon ECR image scanning or a third party provider", "ecr.scanning-disabled reports repositories of running images without scan on push or registry scanning; ecr.image-unscanned running images without a current scan. Needs AWS access; images outside ECR are not judged here (see image.non-ecr).", "ecr.scanning-disabled", "ecr.image-unscanned")
                .Manual("5.1.2", "Minimize user access to Amazon ECR", "Review IAM users, groups and roles with ecr:* or ecr:Put*/ecr:Delete* on the repositories; kubeposture reads the cluster's roles, not every principal of the account.")
                .Automated("5.1.3", "Minimize cluster access to read-only for Amazon ECR", "iam.node-role-ecr-write reports node IAM roles allowed to push or delete ECR images (anything beyond AmazonEC2ContainerRegistryReadOnly's pull actions).", "iam.node-role-ecr-write")
                .Automated("5.1.4", "Minimize Container Registries to only those approved", "image.non-ecr reports images from registries outside the scan's allowlist (ECR of the account by default).", "image.non-ecr")
                .Controls,
            .. new ControlBuilder("5.2 Identity and Access Management (IAM)", Responsibility.Shared)
                .Manual("5.2.1", "Prefer using dedicated Amazon EKS Service Accounts", "Give each workload its own service account with its own IAM role (IRSA or EKS Pod Identity) rather than the node role. iam.irsa-trust-unscoped and linked.imds-node-role find weak spots of that setup but do not decide the control.")
                .Controls,
            .. new ControlBuilder("5.3 AWS EKS Key Management Service")
                .Automated("5.3.1", "Ensure Kubernetes Secrets are encrypted using Customer Master Keys (CMKs) managed in AWS KMS", "eks.secrets-unencrypted reports a cluster without a KMS encryptionConfig for secrets; needs AWS access. (EKS encrypts etcd volumes itself; envelope encryption with the customer's key is the customer's switch.)", "eks.secrets-unencrypted")
                .Controls,
            .. new ControlBuilder("5.4 Cluster Networking")
                .Automated("5.4.1", "Restrict Access to the Control Plane Endpoint", FindingFilter.AtLeast(Severity.High), "eks.endpoint-public grades a public endpoint open to 0.0.0.0/0 High and one limited by publicAccessCidrs Medium; only the High (unrestricted) finding fails this control.", "eks.endpoint-public")
                .Automated("5.4.2", "Ensure clusters are created with Private Endpoint Enabled and Public Access Disabled", "eks.endpoint-public reports any public endpoint, restricted or not.", "eks.endpoint-public")
                .Automated("5.4.3", "Ensure clusters are created with Private Nodes", "node.public-ip reports nodes whose EC2 instance has a public IP address; needs AWS access.", "node.public-ip")
                .Manual("5.4.4", "Ensure Network Policy is Enabled and set as appropriate", "Confirm NetworkPolicy enforcement is enabled in the CNI (see 4.3.1) and that the policies match the intended flows; netpol.no-default-deny and netpol.allow-all point at the weakest namespaces.", Responsibility.Shared)
                .Automated("5.4.5", "Encrypt traffic to HTTPS load balancers with TLS certificates", "elb.http-without-redirect reports internet-facing Application Load Balancers of the cluster that serve plain HTTP without redirecting to HTTPS, elb.weak-tls-policy HTTPS/TLS listeners whose security policy allows TLS below 1.2; needs AWS access. In-tree classic ELBs (not ELBv2) are not read.", "elb.http-without-redirect", "elb.weak-tls-policy")
                .Controls,
            .. new ControlBuilder("5.5 Authentication and Authorization")
                .Manual("5.5.1", "Manage Kubernetes RBAC users with AWS IAM Authenticator for Kubernetes or Upgrade to AWS CLI v1.16.156 or greater", "EKS authenticates IAM principals itself; check that people reach the cluster as IAM principals (access entries or aws-auth) rather than with long-lived Kubernetes credentials, and that their tooling is current.", Responsibility.Shared)
                .Controls,
        ]);
}
