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
    public void With_the_generation_predicate_a_status_only_update_is_not_a_change_but_spec_and_annotations_are()
    {
        var cache = new ObjectCache<k8s.Models.V1Pod> { IsChange = ChangePredicates.GenerationOrMetadata };
        var changed = new List<ObjectKey>();
        cache.Changed += changed.Add;
        var pod = ScriptedSource.Pod("a", "1");
        pod.Metadata.Generation = 1;
        cache.OnUpsert(pod);

        var statusOnly = ScriptedSource.Pod("a", "2");
        statusOnly.Metadata.Generation = 1;
        statusOnly.Status = new k8s.Models.V1PodStatus { Phase = "Running" };
        cache.OnUpsert(statusOnly);
        Assert.Single(changed);
        Assert.Equal("2", cache.Get(new ObjectKey("default", "a"))!.Metadata.ResourceVersion);

        var annotated = ScriptedSource.Pod("a", "3");
        annotated.Metadata.Generation = 1;
        annotated.Metadata.Annotations = new Dictionary<string, string> { ["kubeposture.io/rescan"] = "1" };
        cache.OnUpsert(annotated);
        var newSpec = ScriptedSource.Pod("a", "4");
        newSpec.Metadata.Generation = 2;
        newSpec.Metadata.Annotations = new Dictionary<string, string> { ["kubeposture.io/rescan"] = "1" };
        cache.OnUpsert(newSpec);

        Assert.Equal(3, changed.Count);
    }
}
