namespace KubePosture.KubeEmulator.Types;

/// <summary>The built-in resources the emulator serves (issue 2, item 4) plus the review APIs.</summary>
internal static class BuiltinTypes
{
    public static IReadOnlyList<ResourceType> All { get; } = Build();

    private static ResourceType T(string group, string version, string plural, string kind, bool namespaced,
        string[]? shortNames = null, bool status = false, bool generation = false, bool returnDeleted = false,
        string[]? categories = null, string[]? fields = null, bool createOnly = false, bool createOnUpdate = false) => new()
        {
            Group = group,
            Version = version,
            Plural = plural,
            Singular = kind.ToLowerInvariant(),
            Kind = kind,
            Namespaced = namespaced,
            ShortNames = shortNames ?? [],
            HasStatus = status,
            TracksGeneration = generation,
            ReturnDeletedObject = returnDeleted,
            Categories = categories ?? [],
            SelectableFields = fields ?? [],
            CreateOnly = createOnly,
            AllowCreateOnUpdate = createOnUpdate,
        };

    private static List<ResourceType> Build()
    {
        string[] all = ["all"];
        string[] eventFields =
        [
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "source",
            "type", "reportingComponent",
        ];
        return
        [
            T("", "v1", "namespaces", "Namespace", false, ["ns"], status: true, returnDeleted: true, fields: ["status.phase"]),
            T("", "v1", "pods", "Pod", true, ["po"], status: true, returnDeleted: true, categories: all,
                fields: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"]),
            T("", "v1", "nodes", "Node", false, ["no"], status: true, returnDeleted: true, fields: ["spec.unschedulable"]),
            T("", "v1", "services", "Service", true, ["svc"], status: true, returnDeleted: true, categories: all),
            T("", "v1", "serviceaccounts", "ServiceAccount", true, ["sa"]),
            T("", "v1", "configmaps", "ConfigMap", true, ["cm"]),
            T("", "v1", "secrets", "Secret", true, fields: ["type"]),
            T("", "v1", "endpoints", "Endpoints", true, ["ep"], createOnUpdate: true),
            T("", "v1", "events", "Event", true, ["ev"], fields: eventFields),
            T("", "v1", "resourcequotas", "ResourceQuota", true, ["quota"], status: true),
            T("", "v1", "limitranges", "LimitRange", true, ["limits"]),
            T("", "v1", "persistentvolumes", "PersistentVolume", false, ["pv"], status: true),
            T("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, ["pvc"], status: true),
            T("", "v1", "replicationcontrollers", "ReplicationController", true, ["rc"], status: true, generation: true, categories: all),
            T("apps", "v1", "deployments", "Deployment", true, ["deploy"], status: true, generation: true, categories: all),
            T("apps", "v1", "replicasets", "ReplicaSet", true, ["rs"], status: true, generation: true, categories: all),
            T("apps", "v1", "statefulsets", "StatefulSet", true, ["sts"], status: true, generation: true, categories: all),
            T("apps", "v1", "daemonsets", "DaemonSet", true, ["ds"], status: true, generation: true, categories: all),
            T("batch", "v1", "jobs", "Job", true, status: true, generation: true, categories: all),
            T("batch", "v1", "cronjobs", "CronJob", true, ["cj"], status: true, generation: true, categories: all),
            T("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
            T("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
            T("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
            T("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
            T("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, ["netpol"], generation: true),
            T("networking.k8s.io", "v1", "ingresses", "Ingress", true, ["ing"], status: true, generation: true),
            T("networking.k8s.io", "v1", "ingressclasses", "IngressClass", false),
            T("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, ["pdb"], status: true, generation: true),
            T("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, ["sc"]),
            T("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, ["pc"]),
            T("coordination.k8s.io", "v1", "leases", "Lease", true),
            T("events.k8s.io", "v1", "events", "Event", true, ["ev"], fields: ["regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "reason", "type", "reportingController"]),
            T("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, ["crd", "crds"], status: true, generation: true, categories: ["api-extensions"]),
            T("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "SelfSubjectAccessReview", false, createOnly: true),
            T("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "SelfSubjectRulesReview", false, createOnly: true),
            T("authorization.k8s.io", "v1", "subjectaccessreviews", "SubjectAccessReview", false, createOnly: true),
            T("authorization.k8s.io", "v1", "localsubjectaccessreviews", "LocalSubjectAccessReview", true, createOnly: true),
            T("authentication.k8s.io", "v1", "tokenreviews", "TokenReview", false, createOnly: true),
            T("authentication.k8s.io", "v1", "selfsubjectreviews", "SelfSubjectReview", false, createOnly: true),
        ];
    }
}
