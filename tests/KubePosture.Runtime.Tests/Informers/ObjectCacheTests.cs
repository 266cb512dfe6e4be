using KubePosture.Runtime.Client;
using KubePosture.Runtime.Informers;
using KubePosture.Runtime.Tests.Support;

namespace KubePosture.Runtime.Tests.Informers;

public class ObjectCacheTests
{
    [Fact]
    public void Relist_reports_added_modified_and_vanished_keys_but_not_unchanged_ones()
    {
        var cache = new ObjectCache<k8s.Models.V1Pod>();
        cache.OnReplaced([ScriptedSource.Pod("a", "1"), ScriptedSource.Pod("b", "1"), ScriptedSource.Pod("c", "1")]);
        var changed = new List<ObjectKey>();
        cache.Changed += changed.Add;

        cache.OnReplaced([ScriptedSource.Pod("a", "1"), ScriptedSource.Pod("b", "2"), ScriptedSource.Pod("d", "1")]);

        Assert.Equal(["default/b", "default/c", "default/d"], changed.Select(k => k.ToString()).Order());
        Assert.Null(cache.Get(new ObjectKey("default", "c")));
        Assert.Equal("2", cache.Get(new ObjectKey("default", "b"))!.Metadata.ResourceVersion);
        Assert.Equal(3, cache.Count);
    }

    [Fact]
    public void Upsert_with_the_same_resourceVersion_is_not_a_change()
    {
        var cache = new ObjectCache<k8s.Models.V1Pod>();
        var changed = new List<ObjectKey>();
        cache.Changed += changed.Add;

        cache.OnUpsert(ScriptedSource.Pod("a", "1"));
        cache.OnUpsert(ScriptedSource.Pod("a", "1"));
        cache.OnDelete(ScriptedSource.Pod("a", "1"));

        Assert.Equal(2, changed.Count);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void The_scan_filter_ignores_status_and_finalizer_only_updates_but_not_spec_annotation_or_lifecycle_changes()
    {
        static k8s.Models.V1Pod Pod(string resourceVersion, long generation, string? rescan = null, string[]? finalizers = null)
        {
            var pod = ScriptedSource.Pod("a", resourceVersion);
            pod.Metadata.Generation = generation;
            pod.Metadata.Annotations = rescan is null ? null : new Dictionary<string, string> { ["kubeposture.io/rescan"] = rescan };
            pod.Metadata.Finalizers = finalizers;
            return pod;
        }

        var statusOnly = Pod("2", 1);
        statusOnly.Status = new k8s.Models.V1PodStatus { Phase = "Running" };
        Assert.False(ChangeFilters.SpecAnnotationsOrLifecycleChanged(Pod("1", 1), statusOnly));
        Assert.True(ChangeFilters.SpecAnnotationsOrLifecycleChanged(Pod("1", 1), Pod("2", 1, rescan: "x")));
        Assert.True(ChangeFilters.SpecAnnotationsOrLifecycleChanged(Pod("1", 1, rescan: "x"), Pod("2", 1, rescan: "y")));
        Assert.True(ChangeFilters.SpecAnnotationsOrLifecycleChanged(Pod("1", 1), Pod("2", 2)));
        Assert.False(ChangeFilters.SpecAnnotationsOrLifecycleChanged(Pod("1", 1), Pod("2", 1, finalizers: ["kubeposture.io/cleanup"])));
        Assert.True(ChangeFilters.SpecAnnotationsOrLifecycleChanged(null, Pod("1", 1)));
        Assert.True(ChangeFilters.SpecAnnotationsOrLifecycleChanged(Pod("1", 1), null));
    }
}
