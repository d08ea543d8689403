using System.Linq.Expressions;
using Grpc.Core;
using NgheAn.Access.Rules;
using NgheAn.Access.Units;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Access;

/// <summary>
/// The access of the call in progress: who calls, which of their roles the method allows and how
/// far those reach. <see cref="AccessInterceptor"/> sets it up before the method runs (and refuses
/// the call when no role allows it, the token's unit is not in the tree, or a unit or person the
/// request names is out of reach); the method then asks it about the records it touches. A record
/// the caller may not reach answers exactly like a missing one: PERMISSION_DENIED.
/// </summary>
public sealed class CallAccess(IUnitDirectory units, IPersonUnits people, Microsoft.Extensions.Configuration.IConfiguration configuration)
{
    private MethodDeclaration? _method;
    private Reach _reach = Reach.Nowhere;
    private Reach _unitReach = Reach.Nowhere;
    private bool? _recordsInUnitSubtree;

    public Caller Caller { get; private set; } = new("", new HashSet<string>(), null);

    public MethodDeclaration Method => _method ?? throw new InvalidOperationException("No access was set up for this call (is the AccessInterceptor registered?).");

    /// <summary>The unit a new record belongs to when the request names none: the caller's, else the province (Platform:RootUnit).</summary>
    public string HomeUnitId => Caller.UnitId ?? configuration["Platform:RootUnit"] ?? "nghe-an";

    /// <summary>A role the method allows reaches every unit: missing records may be told apart from hidden ones.</summary>
    public bool Everywhere => _reach.Everywhere;

    /// <summary>The kind of access the method itself makes of its records.</summary>
    public AccessKind Kind => Method.Write ? AccessKind.Write : Method.SubtreeOnly ? AccessKind.OwnSubtree : AccessKind.Read;

    internal async Task<RpcException?> BeginAsync(Caller caller, MethodDeclaration method, CancellationToken cancellationToken)
    {
        Caller = caller;
        _method = method;
        var grants = RoleGrants.For(caller.Roles, method.Roles);
        if (!grants.Any)
        {
            return ApiErrors.PermissionDenied($"Your roles ({string.Join(", ", caller.Roles.Order())}) may not call {method.Descriptor.Name}.");
        }

        if (caller.UnitId is { } unit)
        {
            var roots = Units.UnitIds.IsWellFormed(unit) ? await units.RootPathsAsync(unit, cancellationToken) : [];
            if (roots.Count == 0)
            {
                return ApiErrors.PermissionDenied($"Your token's unit '{unit}' is not in the organisation tree.");
            }

            // Unit-scoped roles reach their unit's subtree whether or not they grant this method:
            // that is what decides which personal fields they may see.
            _unitReach = new Reach(false, roots);
        }
        else if (grants.InUnit && !grants.Everywhere)
        {
            return ApiErrors.PermissionDenied("Your token names no unit, and your role reaches only its own unit.");
        }

        _reach = grants.Everywhere ? Reach.All : _unitReach;
        return null;
    }

    /// <summary>Throws PERMISSION_DENIED unless the unit at this path is within reach for this kind of access.</summary>
    public void Demand(string? unitPath, AccessKind kind, string what)
    {
        if (unitPath is null || !_reach.Covers(unitPath, kind))
        {
            throw Denied(what);
        }

        Note(unitPath);
    }

    /// <summary>
    /// Throws unless the caller reaches a record of this method: filed under a unit and, when it is
    /// about a person, reached through the person's unit (a change needs both in reach). A missing
    /// record (null unit) is NOT_FOUND for callers who reach everywhere, else PERMISSION_DENIED.
    /// </summary>
    public async Task DemandRecordAsync(string? unitId, Guid? personId, string type, string id, CancellationToken cancellationToken)
    {
        if (unitId is null)
        {
            throw Missing(type, id);
        }

        var what = $"{type} '{id}'";
        var personPath = personId is { } person ? await units.PathOfPersonAsync(person, cancellationToken) : null;
        if (Method.Write)
        {
            Demand(await units.PathOfUnitAsync(unitId, cancellationToken), AccessKind.Write, what);
            if (personPath is not null)
            {
                Demand(personPath, AccessKind.Write, what);
            }

            return;
        }

        // A record about a person is a personal record of the person's unit.
        if (personPath is not null)
        {
            Demand(personPath, AccessKind.OwnSubtree, what);
            return;
        }

        Demand(await units.PathOfUnitAsync(unitId, cancellationToken), personId is null ? Kind : AccessKind.OwnSubtree, what);
    }

    /// <summary>Whether a unit is within reach for this kind of access (false for a unit the tree does not have).</summary>
    public async Task<bool> ReachesAsync(string unitId, AccessKind kind, CancellationToken cancellationToken) =>
        await units.PathOfUnitAsync(unitId, cancellationToken) is { } path && _reach.Covers(path, kind);

    /// <summary>The answer for a record that does not exist: NOT_FOUND only for callers who could have seen it anywhere.</summary>
    public RpcException Missing(string type, string id) =>
        Everywhere ? ApiErrors.NotFound(type.Replace(' ', '-'), id) : Denied($"{type} '{id}'");

    public static RpcException Denied(string what) =>
        ApiErrors.PermissionDenied($"Your role and unit do not allow access to {what}.");

    /// <summary>The ids of the units whose records the caller reaches for this kind of access; null when every unit.</summary>
    public IQueryable<string>? UnitIds(AccessKind kind) => _reach.Everywhere ? null : units.UnitIdsWithin(_reach, kind);

    /// <summary>
    /// Keeps the records the caller reaches: filed under a reached unit, or, for a record about a
    /// person the service knows, in the person's unit (personal reach). A list never answers
    /// more than a Get of each of its records would.
    /// </summary>
    public IQueryable<T> Reached<T>(IQueryable<T> records, Expression<Func<T, string>> unitOf, Expression<Func<T, Guid?>>? personOf = null)
    {
        if (_reach.Everywhere)
        {
            return records;
        }

        var filed = units.UnitIdsWithin(_reach, Kind);
        var r = unitOf.Parameters[0];
        Expression unit = unitOf.Body;
        Expression test = Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(string)], filed.Expression, unit);
        if (personOf is not null)
        {
            var person = new ParameterReplacer(personOf.Parameters[0], r).Visit(personOf.Body);
            var personal = units.UnitIdsWithin(_reach, Kind == AccessKind.Read ? AccessKind.OwnSubtree : Kind);
            // person == null ? unit ∈ filed : (∃ p: p.PersonId == person && p.UnitId ∈ personal) || (∄ p: p.PersonId == person) && unit ∈ personal
            var p = Expression.Parameter(typeof(PersonUnit), "p");
            var samePerson = Expression.Equal(Expression.Convert(Expression.Property(p, nameof(PersonUnit.PersonId)), typeof(Guid?)), person);
            var inPersonal = Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(string)], personal.Expression, Expression.Property(p, nameof(PersonUnit.UnitId)));
            var known = Expression.Call(typeof(Queryable), nameof(Queryable.Any), [typeof(PersonUnit)], people.People.Expression,
                Expression.Quote(Expression.Lambda<Func<PersonUnit, bool>>(samePerson, p)));
            var knownInReach = Expression.Call(typeof(Queryable), nameof(Queryable.Any), [typeof(PersonUnit)], people.People.Expression,
                Expression.Quote(Expression.Lambda<Func<PersonUnit, bool>>(Expression.AndAlso(samePerson, inPersonal), p)));
            var unknownFiledInReach = Expression.AndAlso(Expression.Not(known),
                Expression.Call(typeof(Queryable), nameof(Queryable.Contains), [typeof(string)], personal.Expression, unit));
            test = Expression.Condition(Expression.Equal(person, Expression.Constant(null, typeof(Guid?))), test, Expression.OrElse(knownInReach, unknownFiledInReach));
        }

        return records.Where(Expression.Lambda<Func<T, bool>>(test, r));
    }

    /// <summary>
    /// The roles whose personal-field permissions apply to this call's answer: province-wide roles
    /// always; unit-scoped roles only when every record the call reached lies in their subtree
    /// (a list reached through a province-wide role is not checked row by row, so it shows only
    /// what the province-wide role may see).
    /// </summary>
    public IReadOnlySet<string> FieldRoles() =>
        RoleGrants.ForFields(Caller.Roles, _recordsInUnitSubtree ?? !_reach.Everywhere);

    // Remembers whether the unit-scoped roles reach what the call touched (for FieldRoles).
    private void Note(string unitPath)
    {
        var inSubtree = _unitReach.Covers(unitPath, AccessKind.OwnSubtree);
        _recordsInUnitSubtree = (_recordsInUnitSubtree ?? true) && inSubtree;
    }

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
