using System.Text;

namespace KubePosture.KubeEmulator;

/// <summary>Writes a kubeconfig (YAML) with the emulator's URL, its CA embedded and one bearer-token user.</summary>
internal static class KubeconfigWriter
{
    public static string Render(Uri server, string caPem, string token, string userName, string? ns = null)
    {
        var ca = Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem));
        var sb = new StringBuilder();
        sb.Append("apiVersion: v1\n");
        sb.Append("kind: Config\n");
        sb.Append("clusters:\n");
        sb.Append("- name: kube-emulator\n");
        sb.Append("  cluster:\n");
        sb.Append("    server: ").Append(server.ToString().TrimEnd('/')).Append('\n');
        sb.Append("    certificate-authority-data: ").Append(ca).Append('\n');
        sb.Append("users:\n");
        sb.Append("- name: ").Append(Quote(userName)).Append('\n');
        sb.Append("  user:\n");
        sb.Append("    token: ").Append(token).Append('\n');
        sb.Append("contexts:\n");
        sb.Append("- name: kube-emulator\n");
        sb.Append("  context:\n");
        sb.Append("    cluster: kube-emulator\n");
        sb.Append("    user: ").Append(Quote(userName)).Append('\n');
        if (ns is not null) sb.Append("    namespace: ").Append(ns).Append('\n');
        sb.Append("current-context: kube-emulator\n");
        return sb.ToString();
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
