using System.Diagnostics;
using k8s;
using k8s.Models;
using KubePosture.Inventory;

namespace KubePosture.Benchmarks.Scale;

/// <summary>
/// The floor a scan is compared against: a paginated LIST (limit 500, as the operator's informers use) of every kind the
/// operator's inventory reads, deserialized into KubernetesClient models, all kinds at once as the informers do. The
/// aws-auth ConfigMap is listed by field selector, as the operator does.
/// </summary>
public static class ListFloor
{
    public sealed record Result(TimeSpan Elapsed, long Objects, int Requests, long Bytes);

    public static async Task<Result> MeasureAsync(IKubernetes client, Func<long> bytesSent, CancellationToken cancellationToken)
    {
        var requests = 0;
        var bytesBefore = bytesSent();
        var watch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(InventoryStore.SupportedKinds.Select(kind => Task.Run(async () =>
        {
            long objects = 0;
            string? next = null;
            do
            {
                Interlocked.Increment(ref requests);
                int items;
                string? continueToken;
                try
                {
                    (items, continueToken) = await ListPageAsync(client, kind.Plural, next, cancellationToken);
                }
                catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    // Not served by this API server (the emulator has no ReplicationControllers): one request, as the operator makes.
                    break;
                }

                objects += items;
                next = continueToken;
            }
            while (!string.IsNullOrEmpty(next));
            return objects;
        }, cancellationToken)));
        watch.Stop();
        return new Result(watch.Elapsed, counts.Sum(), requests, bytesSent() - bytesBefore);
    }

    private static async Task<(int Items, string? Continue)> ListPageAsync(IKubernetes c, string resource, string? next, CancellationToken ct)
    {
        const int limit = 500;
        return resource switch
        {
            "namespaces" => Page(await c.CoreV1.ListNamespaceAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "pods" => Page(await c.CoreV1.ListPodForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "nodes" => Page(await c.CoreV1.ListNodeAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "services" => Page(await c.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "serviceaccounts" => Page(await c.CoreV1.ListServiceAccountForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "configmaps" => Page(await c.CoreV1.ListNamespacedConfigMapAsync(InventoryStore.AwsAuthNamespace, continueParameter: next, limit: limit,
                fieldSelector: $"metadata.name={InventoryStore.AwsAuthName}", cancellationToken: ct)),
            "replicationcontrollers" => Page(await c.CoreV1.ListReplicationControllerForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "deployments" => Page(await c.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "replicasets" => Page(await c.AppsV1.ListReplicaSetForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "statefulsets" => Page(await c.AppsV1.ListStatefulSetForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "daemonsets" => Page(await c.AppsV1.ListDaemonSetForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "jobs" => Page(await c.BatchV1.ListJobForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "cronjobs" => Page(await c.BatchV1.ListCronJobForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "roles" => Page(await c.RbacAuthorizationV1.ListRoleForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "clusterroles" => Page(await c.RbacAuthorizationV1.ListClusterRoleAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "rolebindings" => Page(await c.RbacAuthorizationV1.ListRoleBindingForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "clusterrolebindings" => Page(await c.RbacAuthorizationV1.ListClusterRoleBindingAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "networkpolicies" => Page(await c.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "ingresses" => Page(await c.NetworkingV1.ListIngressForAllNamespacesAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "ingressclasses" => Page(await c.NetworkingV1.ListIngressClassAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "storageclasses" => Page(await c.StorageV1.ListStorageClassAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            "persistentvolumes" => Page(await c.CoreV1.ListPersistentVolumeAsync(continueParameter: next, limit: limit, cancellationToken: ct)),
            _ => throw new InvalidOperationException($"the floor does not list {resource}: add it to ListFloor when the inventory reads a new kind"),
        };
    }

    private static (int, string?) Page<T>(IItems<T> list) => (list.Items.Count, ((IMetadata<k8s.Models.V1ListMeta>)list).Metadata.ContinueProperty);
}
