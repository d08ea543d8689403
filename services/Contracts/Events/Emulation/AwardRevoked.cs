namespace NgheAn.Contracts.Events.Emulation;

/// <summary>
/// A granted title or form was revoked (false declaration, later violation). CadreWork can strike
/// it from the person's file. UnitId is the recipient's unit; CommendationId is the id
/// <see cref="CommendationGranted"/> carried.
/// </summary>
public sealed record AwardRevoked : IntegrationEvent
{
    public required Guid CommendationId { get; init; }

    /// <summary>The person's id in CadreWork; null for a collective.</summary>
    public Guid? PersonId { get; init; }

    public required string Title { get; init; }

    /// <summary>false-declaration, later-violation or other.</summary>
    public required string Ground { get; init; }

    /// <summary>Free text about the recipient: CadreWork keeps it in the person's file.</summary>
    [PersonalData]
    public required string Reason { get; init; }

    public required DateOnly RevokedOn { get; init; }

    public override string Subject => $"commendations/{CommendationId}";
}
