using System.CommandLine;
using KubePosture.Operator.Cli;

var root = new RootCommand("kubeposture: posture assessment of Kubernetes (Amazon EKS) clusters and the AWS account around them.")
{
    RunCommand.Create(),
    CrdsCommand.Create(),
    ScanCommand.Create(),
};

// The generic host handles SIGTERM/SIGINT itself (graceful shutdown of in-flight scans), so System.CommandLine
// must not install its own handler that would end the process after a short timeout.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
