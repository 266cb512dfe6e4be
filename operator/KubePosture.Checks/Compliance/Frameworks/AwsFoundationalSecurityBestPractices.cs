using KubePosture.Checks.Model;

namespace KubePosture.Checks.Compliance.Frameworks;

/// <summary>
/// AWS Security Hub CSPM, AWS Foundational Security Best Practices standard v1.0.0: the controls for EKS, ECR and ECS
/// and the EC2, IAM and SSM ones that concern a cluster's nodes, network and roles. kubeposture evaluates them for the
/// cluster's own resources (its VPC, security groups, node instances, node and workload roles, the repositories of
/// running images), not for the whole account as Security Hub does. The settings are the customer's; AWS operates the
/// services.
/// </summary>
internal static class AwsFoundationalSecurityBestPractices
{
    public static ComplianceFramework Framework { get; } = new(
        "aws-fsbp",
        "AWS Foundational Security Best Practices (Security Hub)",
        "1.0.0",
        "https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html",
        [
            .. new ControlBuilder("EKS")
                .Automated("EKS.1", "EKS cluster endpoints should not be publicly accessible", "eks.endpoint-public reports a public endpoint, restricted by CIDRs or not.", "eks.endpoint-public")
                .Automated("EKS.2", "EKS clusters should run on a supported Kubernetes version", "eks.version-support reports a cluster version out of standard support at the scan time.", "eks.version-support")
                .Automated("EKS.3", "EKS clusters should use encrypted Kubernetes secrets", "eks.secrets-unencrypted reports a cluster without a KMS encryptionConfig for secrets.", "eks.secrets-unencrypted")
                .Automated("EKS.8", "EKS clusters should have audit logging enabled", "eks.audit-log-off reports a cluster whose audit log type is off.", "eks.audit-log-off")
                .Controls,
            .. new ControlBuilder("ECR")
                .Automated("ECR.1", "ECR private repositories should have image scanning configured", "ecr.scanning-disabled reports repositories of the cluster's running images without scan on push or registry scanning (other repositories of the account are not read).", "ecr.scanning-disabled")
                .Automated("ECR.2", "ECR private repositories should have tag immutability configured", "ecr.tag-mutable reports repositories of running images with mutable tags.", "ecr.tag-mutable")
                .Automated("ECR.3", "ECR repositories should have at least one lifecycle policy configured", "ecr.no-lifecycle reports repositories of running images without a lifecycle policy.", "ecr.no-lifecycle")
                .Controls,
            .. new ControlBuilder("ECS")
                .Automated("ECS.1", "Amazon ECS task definitions should have secure networking modes and user definitions", FindingFilter.AtLeast(Severity.High), "ecs.task-root-user grades a root container in a host-network task definition High, the combination this control forbids; only those findings count.", "ecs.task-root-user")
                .Automated("ECS.2", "ECS services should not have public IP addresses assigned to them automatically", "ecs.service-public-ip reports services with assignPublicIp ENABLED.", "ecs.service-public-ip")
                .Automated("ECS.3", "ECS task definitions should not share the host's process namespace", FindingFilter.DetailContains("modes", "pidMode: host"), "ecs.task-host-namespaces reports host network, PID and IPC modes; only findings with pidMode host count.", "ecs.task-host-namespaces")
                .Automated("ECS.4", "ECS containers should run as non-privileged", "ecs.task-privileged reports privileged container definitions.", "ecs.task-privileged")
                .Automated("ECS.5", "ECS containers should be limited to read-only access to root filesystems", "ecs.task-writable-root-fs reports container definitions without readonlyRootFilesystem.", "ecs.task-writable-root-fs")
                .Automated("ECS.8", "Secrets should not be passed as container environment variables", "ecs.task-secrets-in-env reports AWS credentials and secret-like names in plain environment variables.", "ecs.task-secrets-in-env")
                .Automated("ECS.9", "ECS task definitions should have a logging configuration", "ecs.task-logging reports containers without a logConfiguration (and, at Low, blocking log drivers).", "ecs.task-logging")
                .Manual("ECS.10", "ECS Fargate services should run on the latest Fargate platform version", "Check the services' platformVersion (LATEST or the newest); kubeposture does not read it yet.")
                .Automated("ECS.12", "ECS clusters should use Container Insights", "ecs.container-insights-off reports clusters with containerInsights disabled.", "ecs.container-insights-off")
                .Manual("ECS.16", "ECS task sets should not automatically assign public IP addresses", "Check the task sets of services using the EXTERNAL or CODE_DEPLOY deployment controller; kubeposture reads services, not task sets.")
                .Controls,
            .. new ControlBuilder("EC2")
                .Automated("EC2.3", "Attached Amazon EBS volumes should be encrypted at-rest", FindingFilter.AtLeast(Severity.High), "storage.volume-unencrypted reports the EBS volumes behind the cluster's PersistentVolumes that are not encrypted (High); its EFS in-transit findings (Medium) do not count.", "storage.volume-unencrypted")
                .Automated("EC2.6", "VPC flow logging should be enabled in all VPCs", "vpc.flow-logs-off reports the cluster's VPC without flow logs (other VPCs of the account are not read).", "vpc.flow-logs-off")
                .Automated("EC2.7", "EBS default encryption should be enabled", "storage.ebs-default-unencrypted reports the scan's region with EBS encryption by default off.", "storage.ebs-default-unencrypted")
                .Automated("EC2.8", "EC2 instances should use Instance Metadata Service Version 2 (IMDSv2)", "node.imdsv2-optional reports the cluster's node instances with HttpTokens optional.", "node.imdsv2-optional")
                .Automated("EC2.9", "Amazon EC2 instances should not have a public IPv4 address", "node.public-ip reports the cluster's node instances with a public IP address.", "node.public-ip")
                .Automated("EC2.25", "Amazon EC2 launch templates should not assign public IPs to network interfaces", "node.template-public-ip reports the launch templates of the cluster's managed node groups that set AssociatePublicIpAddress (other templates of the account are not read).", "node.template-public-ip")
                .Automated("EC2.170", "EC2 launch templates should use Instance Metadata Service Version 2 (IMDSv2)", "node.template-imdsv2-optional reports the launch templates of the cluster's managed node groups that allow IMDSv1.", "node.template-imdsv2-optional")
                .Automated("EC2.18", "Security groups should only allow unrestricted incoming traffic for authorized ports", "vpc.sg-open reports the cluster's and nodes' security groups with inbound rules from 0.0.0.0/0 or ::/0 (any port: kubeposture authorizes none for cluster and node groups).", "vpc.sg-open")
                .Automated("EC2.19", "Security groups should not allow unrestricted access to ports with high risk", "vpc.sg-open reports any unrestricted inbound rule on the cluster's and nodes' security groups, which includes the high-risk ports.", "vpc.sg-open")
                .Controls,
            .. new ControlBuilder("ELB")
                .Automated("ELB.1", "Application Load Balancer should be configured to redirect all HTTP requests to HTTPS", "elb.http-without-redirect reports the cluster's internet-facing Application Load Balancers with an HTTP listener that does not redirect to HTTPS (internal ones and other load balancers of the account are not read).", "elb.http-without-redirect")
                .Automated("ELB.5", "Application and Classic Load Balancers logging should be enabled", FindingFilter.Detail("type", "application"), "elb.no-access-logs reports the cluster's load balancers without access logs; only its Application Load Balancer findings count (Network Load Balancers are not in scope of ELB.5; in-tree classic ELBs are not read).", "elb.no-access-logs")
                .Automated("ELB.17", "Application and Network Load Balancers with listeners should use recommended security policies", "elb.weak-tls-policy reports the cluster's HTTPS and TLS listeners whose security policy allows TLS below 1.2.", "elb.weak-tls-policy")
                .Controls,
            .. new ControlBuilder("IAM")
                .Automated("IAM.1", "IAM policies should not allow full \"*\" administrative privileges", "iam.node-role-admin reports node roles allowing * on * (or with AdministratorAccess). Workload roles with admin rights are reported by linked.workload-role-privileged together with privilege-escalation rights, so it does not decide this control. Only the cluster's roles are read.", "iam.node-role-admin")
                .Automated("IAM.21", "IAM customer managed policies that you create should not allow wildcard actions for services", "iam.role-wildcard reports the cluster's roles granting service:* actions.", "iam.role-wildcard")
                .Controls,
            .. new ControlBuilder("GuardDuty")
                .Automated("GuardDuty.5", "GuardDuty EKS Audit Log Monitoring should be enabled", "detection.guardduty-audit-off reports a region without an enabled detector or with EKS_AUDIT_LOGS off.", "detection.guardduty-audit-off")
                .Automated("GuardDuty.7", "GuardDuty EKS Runtime Monitoring should be enabled", "detection.guardduty-runtime-off reports runtime monitoring off, or on without an agent reaching the cluster.", "detection.guardduty-runtime-off")
                .Controls,
            .. new ControlBuilder("Inspector")
                .Automated("Inspector.2", "Amazon Inspector ECR scanning should be enabled", "detection.inspector-ecr-off reports Inspector's ECR scanning not ENABLED for the scan's account.", "detection.inspector-ecr-off")
                .Controls,
            .. new ControlBuilder("KMS")
                .Automated("KMS.3", "AWS KMS keys should not be deleted unintentionally", FindingFilter.Detail("keyState", "PendingDeletion"), "kms.key-unusable reports the cluster's keys (secrets, repositories, log groups) by state; only keys pending deletion count.", "kms.key-unusable")
                .Automated("KMS.4", "AWS KMS key rotation should be enabled", "kms.rotation-off reports the cluster's customer managed symmetric keys with rotation off.", "kms.rotation-off")
                .Controls,
            .. new ControlBuilder("SSM")
                .Automated("SSM.1", "Amazon EC2 instances should be managed by AWS Systems Manager", "node.unmanaged-by-ssm reports node instances SSM does not manage.", "node.unmanaged-by-ssm")
                .Automated("SSM.2", "Amazon EC2 instances managed by Systems Manager should have a patch compliance status of COMPLIANT after a patch installation", "node.patch-noncompliant reports node instances whose patch compliance is NON_COMPLIANT.", "node.patch-noncompliant")
                .Controls,
        ]);
}
