using k8s.Models;
using NgheAn.Deployment.Tests.Policies;

namespace NgheAn.Deployment.Tests;

public class AvailabilityPolicyTests
{
    [Theory]
    [MemberData(nameof(Overlays.All), MemberType = typeof(Overlays))]
    public void Every_Deployment_has_a_disruption_budget_an_autoscaler_and_its_overlays_replicas(string overlay) =>
        Violations.None(AvailabilityPolicy.Check(Overlays.Render(overlay), Overlays.MinReplicas(overlay)));

    [Fact]
    public void Production_runs_at_least_three_of_each_and_dev_one()
    {
        Assert.All(Workloads.OfKind<V2HorizontalPodAutoscaler>(Overlays.Production).Where(h => Workloads.IsPlatformLabels(h.Metadata.Labels)),
            h => Assert.True(h.Spec.MinReplicas >= 3, h.Metadata.Name));
        Assert.All(Workloads.OfKind<V2HorizontalPodAutoscaler>(Overlays.Dev), h => Assert.Equal(1, h.Spec.MinReplicas));
    }

    [Fact]
    public void Fewer_than_three_replicas_in_production_is_caught()
    {
        var manifests = Overlays.With<V2HorizontalPodAutoscaler>(Overlays.Production, "emulation", h => h.Spec.MinReplicas = 2);

        Violations.Found(AvailabilityPolicy.Check(manifests, 3), "Deployment/emulation: at least 3 replicas wanted, its HorizontalPodAutoscaler allows 2");
    }

    [Fact]
    public void A_Deployment_without_budget_or_autoscaler_is_caught()
    {
        var manifests = Overlays.Without(Overlays.Production, m => m.Name == "cadrework" && m.Kind is "PodDisruptionBudget" or "HorizontalPodAutoscaler");

        var found = AvailabilityPolicy.Check(manifests, 3).ToList();
        Violations.Found(found, "Deployment/cadrework: no PodDisruptionBudget selects its pods");
        Violations.Found(found, "Deployment/cadrework: no HorizontalPodAutoscaler");
    }

    [Theory]
    [InlineData("budget blocks drains")]
    [InlineData("replicas set")]
    [InlineData("rolling update drops pods")]
    [InlineData("default service account")]
    public void Other_availability_mistakes_are_caught(string mistake)
    {
        var manifests = mistake == "budget blocks drains"
            ? Overlays.With<V1PodDisruptionBudget>(Overlays.Production, "gateway", b => b.Spec.MaxUnavailable = 0)
            : Overlays.With<V1Deployment>(Overlays.Production, "gateway", d =>
            {
                switch (mistake)
                {
                    case "replicas set": d.Spec.Replicas = 3; break;
                    case "rolling update drops pods": d.Spec.Strategy.RollingUpdate.MaxUnavailable = 1; break;
                    default: d.Spec.Template.Spec.ServiceAccountName = null; break;
                }
            });

        var expected = mistake switch
        {
            "budget blocks drains" => "PodDisruptionBudget/gateway blocks every node drain",
            "replicas set" => "sets replicas",
            "rolling update drops pods" => "rolling updates may stop a ready pod",
            _ => "runs as ServiceAccount 'default'",
        };
        Violations.Found(AvailabilityPolicy.Check(manifests, 3), "Deployment/gateway: " + expected);
    }
}
