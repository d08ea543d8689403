using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;
using static NgheAn.Deployment.Tests.Policies.Workloads;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// Each platform Deployment has a PodDisruptionBudget that selects its pods and lets a drain proceed,
/// a HorizontalPodAutoscaler that owns its replica count (so the Deployment sets none) with at
/// least the overlay's minimum, a rolling update that keeps every ready pod until its successor
/// is ready, and a Service account of its own.
/// </summary>
public static class AvailabilityPolicy
{
    public static IEnumerable<string> Check(IEnumerable<Manifest> manifests, int minReplicas)
    {
        var list = manifests.ToList();
        var budgets = OfKind<V1PodDisruptionBudget>(list).ToList();
        var autoscalers = OfKind<V2HorizontalPodAutoscaler>(list).ToList();
        var accounts = OfKind<V1ServiceAccount>(list).Select(a => a.Metadata.Name).ToHashSet();
        foreach (var deployment in OfKind<V1Deployment>(list).Where(d => IsPlatformLabels(d.Metadata.Labels)))
        {
            var name = $"Deployment/{deployment.Metadata.Name}";
            var labels = deployment.Spec.Template.Metadata.Labels;
            var budget = budgets.FirstOrDefault(b => Matches(b.Spec.Selector, labels));
            if (budget is null)
            {
                yield return $"{name}: no PodDisruptionBudget selects its pods";
            }
            else if (budget.Spec.MaxUnavailable is null && budget.Spec.MinAvailable is null)
            {
                yield return $"{name}: PodDisruptionBudget/{budget.Metadata.Name} sets neither minAvailable nor maxUnavailable";
            }
            else if (budget.Spec.MaxUnavailable?.Value is "0" or "0%")
            {
                yield return $"{name}: PodDisruptionBudget/{budget.Metadata.Name} blocks every node drain";
            }

            var autoscaler = autoscalers.FirstOrDefault(a => a.Spec.ScaleTargetRef is { Kind: "Deployment" } target && target.Name == deployment.Metadata.Name);
            if (autoscaler is null)
            {
                yield return $"{name}: no HorizontalPodAutoscaler";
            }
            else if ((autoscaler.Spec.MinReplicas ?? 1) < minReplicas)
            {
                yield return $"{name}: at least {minReplicas} replicas wanted, its HorizontalPodAutoscaler allows {autoscaler.Spec.MinReplicas ?? 1}";
            }
            else if (autoscaler.Spec.MaxReplicas < (autoscaler.Spec.MinReplicas ?? 1))
            {
                yield return $"{name}: HorizontalPodAutoscaler maxReplicas is below minReplicas";
            }

            if (deployment.Spec.Replicas is not null)
            {
                yield return $"{name}: sets replicas, which every apply would force back over its HorizontalPodAutoscaler";
            }

            if (deployment.Spec.Strategy?.RollingUpdate?.MaxUnavailable?.Value is not ("0" or "0%"))
            {
                yield return $"{name}: rolling updates may stop a ready pod before its successor is ready (maxUnavailable must be 0)";
            }

            var account = deployment.Spec.Template.Spec.ServiceAccountName;
            if (account is null or "default" || !accounts.Contains(account))
            {
                yield return $"{name}: runs as ServiceAccount '{account ?? "default"}', not one of its own";
            }
        }
    }
}
