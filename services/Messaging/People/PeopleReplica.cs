using MassTransit;
using Microsoft.EntityFrameworkCore;
using NgheAn.Contracts.Events.CadreWork;
using NgheAn.Messaging.Inbox;

namespace NgheAn.Messaging.People;

public static class PeopleReplica
{
    public const string Table = "people";

    /// <summary>Adds the people table (a copy of CadreWork's people) to a service's DbContext model.</summary>
    public static ModelBuilder AddPeople(this ModelBuilder model)
    {
        model.Entity<KnownPerson>(person =>
        {
            person.ToTable(Table);
            person.HasKey(p => p.PersonId);
            person.Property(p => p.FullName).HasMaxLength(300);
            person.Property(p => p.UnitId).HasMaxLength(100);
            person.Property(p => p.Membership).HasMaxLength(20);
        });
        return model;
    }

    /// <summary>A service that is not CadreWork keeps its copy of the people from CadreWork's events.</summary>
    public static IBusRegistrationConfigurator AddPeopleReplica<TContext>(this IBusRegistrationConfigurator bus, string serviceName)
        where TContext : DbContext
    {
        bus.AddConsumer<PersonRegisteredReplicaConsumer<TContext>>().Endpoint(endpoint => endpoint.Name = $"{serviceName}-person-registered");
        bus.AddConsumer<PersonMovedReplicaConsumer<TContext>>().Endpoint(endpoint => endpoint.Name = $"{serviceName}-person-moved");
        return bus;
    }
}

/// <summary>Adds the person, or refreshes a copy a replay brings again.</summary>
public sealed class PersonRegisteredReplicaConsumer<TContext>(TContext db) : InboxConsumer<PersonRegistered, TContext>(db)
    where TContext : DbContext
{
    protected override async Task Handle(PersonRegistered message, CancellationToken cancellationToken)
    {
        var person = await Db.Set<KnownPerson>().FindAsync([message.PersonId], cancellationToken);
        if (person is null)
        {
            Db.Set<KnownPerson>().Add(new KnownPerson
            {
                PersonId = message.PersonId, FullName = message.FullName, UnitId = message.UnitId ?? "", Membership = message.Membership,
            });
            return;
        }

        person.FullName = message.FullName;
        person.UnitId = message.UnitId ?? person.UnitId;
        person.Membership = message.Membership;
    }
}

/// <summary>Moves the person to their new unit (transfer, rotation or reorganisation).</summary>
public sealed class PersonMovedReplicaConsumer<TContext>(TContext db) : InboxConsumer<PersonMoved, TContext>(db)
    where TContext : DbContext
{
    protected override async Task Handle(PersonMoved message, CancellationToken cancellationToken)
    {
        var person = await Db.Set<KnownPerson>().FindAsync([message.PersonId], cancellationToken)
            ?? throw ArrivedBefore($"PersonMoved {message.PersonId}", nameof(PersonRegistered));
        person.UnitId = message.ToUnitId;
    }
}
