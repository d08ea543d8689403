using k8s.Models;
using NgheAn.Deployment.Tests.Policies;

namespace NgheAn.Deployment.Tests;

public class ImagePolicyTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_image_names_a_version(string overlay) =>
        Violations.None(ImagePolicy.Check(Overlays.Render(overlay)));

    [Theory]
    [InlineData("ghcr.io/nghean/directives", "has no tag")]
    [InlineData("ghcr.io/nghean/directives:latest", "uses the tag 'latest'")]
    [InlineData("localhost:5000/nghean/directives", "has no tag")]
    [InlineData("redis:alpine", "has a tag that names no version")]
    [InlineData("", "is missing")]
    public void An_unpinned_image_is_caught(string image, string expected)
    {
        var manifests = Overlays.With<V1Deployment>(Overlays.Dev, "directives", d => d.Spec.Template.Spec.Containers[0].Image = image);

        Violations.Found(ImagePolicy.Check(manifests), $"Deployment/directives: container app: image '{image}' {expected}");
    }

    [Theory]
    [InlineData("ghcr.io/nghean/directives:0.1.0")]
    [InlineData("mcr.microsoft.com/dotnet/aspnet:10.0.12-noble-chiseled-extra")]
    [InlineData("localhost:5000/nghean/directives:v2.3")]
    [InlineData("ghcr.io/nghean/directives@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void A_pinned_image_passes(string image) => Assert.Null(ImagePolicy.Problem(image));

    [Fact]
    public void An_unpinned_image_in_a_custom_resource_is_caught()
    {
        var manifests = Overlays.Plus(Overlays.Dev, """
            apiVersion: rabbitmq.com/v1beta1
            kind: RabbitmqCluster
            metadata: {name: other}
            spec: {replicas: 3, image: "rabbitmq:latest"}
            """);

        Violations.Found(ImagePolicy.Check(manifests), "RabbitmqCluster/other: image 'rabbitmq:latest' uses the tag 'latest'");
    }
}

public class SecretPolicyTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void No_secret_value_is_written_in_the_repository(string overlay) =>
        Violations.None(SecretPolicy.Check(Overlays.Render(overlay)));

    [Theory]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata: {name: redis}\nstringData: {password: hunter2}", "Secret/redis: holds literal values (password)")]
    [InlineData("apiVersion: v1\nkind: Secret\nmetadata: {name: redis}\ndata: {password: aHVudGVyMg==}", "Secret/redis: holds literal values (password)")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {REDIS_PASSWORD: hunter2}", "ConfigMap/c: REDIS_PASSWORD is a credential")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {ConnectionStrings__database: 'Host=db;Username=app;Password=hunter2'}", "ConfigMap/c: ConnectionStrings__database has a password")]
    public void A_literal_secret_in_an_object_is_caught(string yaml, string expected) =>
        Violations.Found(SecretPolicy.Check(Overlays.Plus(Overlays.Dev, yaml)), expected);

    [Theory]
    [InlineData("DATABASE_PASSWORD", "hunter2", "env DATABASE_PASSWORD is a credential written as a literal")]
    [InlineData("ConnectionStrings__database", "Host=db;Username=app;Password=hunter2", "env ConnectionStrings__database has a password")]
    [InlineData("ConnectionStrings__rabbitmq", "amqp://app:hunter2@rabbitmq:5672/", "env ConnectionStrings__rabbitmq has a password")]
    [InlineData("ConnectionStrings__redis", "redis:6379,password=hunter2", "env ConnectionStrings__redis has a password")]
    public void A_literal_secret_in_an_environment_variable_is_caught(string name, string value, string expected)
    {
        var manifests = Overlays.With<V1Deployment>(Overlays.Dev, "directives", d =>
        {
            var env = d.Spec.Template.Spec.Containers[0].Env;
            env.Remove(env.Single(e => e.Name == name));
            env.Add(new V1EnvVar { Name = name, Value = value });
        });

        Violations.Found(SecretPolicy.Check(manifests), $"Deployment/directives: container app: {expected}");
    }
}
