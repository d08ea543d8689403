using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace NgheAn.Messaging.OrgUnits;

public static class OrgUnitExtensions
{
    /// <summary>A service that is not CadreWork keeps its copy of the tree from CadreWork's events.</summary>
    public static IBusRegistrationConfigurator AddOrgUnitReplica<TContext>(this IBusRegistrationConfigurator bus, string serviceName)
        where TContext : DbContext
    {
        // One queue for the tree's events keeps them close to the order CadreWork wrote them.
        var queue = $"{serviceName}-org-units";
        bus.AddConsumer<OrgUnitReplicaConsumer<TContext>>().Endpoint(endpoint => endpoint.Name = queue);
        bus.AddConsumer<OrgUnitRenamedReplicaConsumer<TContext>>().Endpoint(endpoint => endpoint.Name = queue);
        bus.AddConsumer<OrgUnitsMergedReplicaConsumer<TContext>>().Endpoint(endpoint => endpoint.Name = queue);
        bus.AddConsumer<OrgUnitSplitReplicaConsumer<TContext>>().Endpoint(endpoint => endpoint.Name = queue);
        return bus;
    }
}
