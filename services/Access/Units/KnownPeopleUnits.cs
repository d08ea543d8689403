using Microsoft.EntityFrameworkCore;
using NgheAn.Messaging.People;

namespace NgheAn.Access.Units;

/// <summary>People from the service's copy of CadreWork's people (Emulation, Supervision).</summary>
public sealed class KnownPeopleUnits<TContext>(TContext db) : IPersonUnits
    where TContext : DbContext
{
    public IQueryable<PersonUnit> People => db.Set<KnownPerson>().AsNoTracking().Select(p => new PersonUnit { PersonId = p.PersonId, UnitId = p.UnitId });
}

/// <summary>A service that keeps no people (Directives): every person is unknown to it.</summary>
public sealed class NoPeople<TContext>(TContext db) : IPersonUnits
    where TContext : DbContext
{
    public IQueryable<PersonUnit> People => db.Set<Messaging.OrgUnits.OrgUnit>().Where(_ => false).Select(u => new PersonUnit { PersonId = Guid.Empty, UnitId = u.Id });
}
