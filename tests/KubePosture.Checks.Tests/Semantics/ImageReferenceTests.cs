using KubePosture.Checks.Semantics;
using KubePosture.Checks.Tests.Support;

namespace KubePosture.Checks.Tests.Semantics;

public class ImageReferenceTests
{
    [Theory]
    [InlineData("nginx", "docker.io", "library/nginx", null, "latest")]
    [InlineData("nginx:1.27", "docker.io", "library/nginx", "1.27", "1.27")]
    [InlineData("bitnami/redis:7", "docker.io", "bitnami/redis", "7", "7")]
    [InlineData("localhost/app", "localhost", "app", null, "latest")]
    [InlineData("localhost:5000/team/app:v1", "localhost:5000", "team/app", "v1", "v1")]
    [InlineData("public.ecr.aws/eks/aws-load-balancer-controller:v2.8.1", "public.ecr.aws", "eks/aws-load-balancer-controller", "v2.8.1", "v2.8.1")]
    [InlineData("123456789012.dkr.ecr.eu-west-1.amazonaws.com/web", "123456789012.dkr.ecr.eu-west-1.amazonaws.com", "web", null, "latest")]
    public void Parses_registry_repository_and_tag(string image, string registry, string repository, string? tag, string effectiveTag)
    {
        var r = ImageReference.Parse(image);
        Assert.Equal(registry, r.Registry);
        Assert.Equal(repository, r.Repository);
        Assert.Equal(tag, r.Tag);
        Assert.Equal(effectiveTag, r.EffectiveTag);
        Assert.False(r.IsPinned);
    }

    [Fact]
    public void A_valid_digest_pins_and_there_is_no_implied_latest()
    {
        var r = ImageReference.Parse("registry.example.com:5000/app@" + Build.Digest);
        Assert.True(r.IsPinned);
        Assert.Equal(Build.Digest, r.Digest);
        Assert.Null(r.EffectiveTag);
        Assert.False(r.IsLatest);
        Assert.Equal("registry.example.com:5000", r.Registry);
    }

    [Fact]
    public void Tag_and_digest_together_keep_both()
    {
        var r = ImageReference.Parse("nginx:latest@" + Build.Digest);
        Assert.Equal("latest", r.Tag);
        Assert.True(r.IsPinned);
        Assert.False(r.IsLatest);
    }

    [Theory]
    [InlineData("nginx@sha256:abc")]
    [InlineData("nginx@sha256:0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    [InlineData("nginx@0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("nginx@")]
    public void A_malformed_digest_is_not_a_digest(string image)
    {
        var r = ImageReference.Parse(image);
        Assert.False(r.IsPinned);
        Assert.NotNull(r.MalformedDigest);
        Assert.True(r.IsLatest);
    }

    [Theory]
    [InlineData("docker-pullable://nginx@" + Build.Digest, Build.Digest)]
    [InlineData("docker.io/library/nginx@" + Build.Digest, Build.Digest)]
    [InlineData(Build.Digest, Build.Digest)]
    [InlineData("sha256:nothex", null)]
    [InlineData(null, null)]
    public void Reads_the_digest_of_a_running_imageID(string? imageId, string? expected) =>
        Assert.Equal(expected, ImageReference.DigestFromImageId(imageId));

    [Theory]
    [InlineData("sha512:" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("blake3:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8")]
    [InlineData("sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564")]
    [InlineData("custom.alg_v2:AbC=_-09")]
    public void Digests_of_other_registered_and_custom_algorithms_pin(string digest)
    {
        var r = ImageReference.Parse("registry.example.com/app@" + digest);
        Assert.True(r.IsPinned, digest);
        Assert.Equal(digest, r.Digest);
        Assert.Null(r.MalformedDigest);
        Assert.Equal(digest, ImageReference.DigestFromImageId("docker-pullable://registry.example.com/app@" + digest));
    }

    [Theory]
    [InlineData("blake3:0123")]
    [InlineData("sha512:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("SHA256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("custom:")]
    [InlineData(":abc")]
    [InlineData("custom-:abc")]
    [InlineData("custom:a/b")]
    [InlineData("custom:a+b")]
    public void Digests_outside_the_grammar_or_their_registered_encoding_do_not_pin(string digest)
    {
        var r = ImageReference.Parse("registry.example.com/app@" + digest);
        Assert.False(r.IsPinned, digest);
        Assert.Equal(digest, r.MalformedDigest);
    }
}
