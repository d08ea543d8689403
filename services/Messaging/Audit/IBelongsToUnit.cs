namespace NgheAn.Messaging.Audit;

/// <summary>
/// A record whose owning unit is not a property named UnitId (a task's lead unit, a transfer's
/// destination): the audit trail files its changes under this unit.
/// </summary>
public interface IBelongsToUnit
{
    string? OwningUnitId { get; }
}
