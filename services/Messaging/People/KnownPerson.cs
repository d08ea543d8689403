namespace NgheAn.Messaging.People;

/// <summary>
/// A person as a service other than CadreWork knows them, from PersonRegistered and PersonMoved:
/// who, in which unit, and their Party membership. No personal data travels here.
/// </summary>
public sealed class KnownPerson
{
    public Guid PersonId { get; set; }

    public required string FullName { get; set; }

    public required string UnitId { get; set; }

    /// <summary>None, Full or Probationary (CadreWork's names).</summary>
    public string Membership { get; set; } = "";
}
