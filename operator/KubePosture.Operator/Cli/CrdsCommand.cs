using System.CommandLine;
using KubePosture.Api;

namespace KubePosture.Operator.Cli;

/// <summary><c>kubeposture crds --output DIR</c>: writes the CRDs generated from the C# API types (<c>make crds</c>).</summary>
public static class CrdsCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "Directory to write the CRD YAML files into (stale *.yaml files there are removed).", DefaultValueFactory = _ => "crds" };
        var command = new Command("crds", "Write the CustomResourceDefinitions generated from the API types.") { output };
        command.SetAction(parse =>
        {
            var directory = parse.GetValue(output)!;
            foreach (var file in CrdGenerator.WriteTo(directory))
            {
                Console.WriteLine(file);
            }

            return 0;
        });
        return command;
    }
}
