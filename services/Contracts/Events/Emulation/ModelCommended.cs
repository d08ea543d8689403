namespace NgheAn.Contracts.Events.Emulation;

/// <summary>
/// An exemplary model (mô hình điển hình) was commended at a level. Directives counts it in the
/// reviews of the document it carries out. UnitId is the unit of the model.
/// </summary>
public sealed record ModelCommended : IntegrationEvent
{
    public required Guid ModelId { get; init; }

    public required string Name { get; init; }

    /// <summary>co-so, tinh or trung-uong.</summary>
    public required string Level { get; init; }

    /// <summary>The directive the model carries out (Directives' document id), when known.</summary>
    public Guid? DocumentId { get; init; }

    /// <summary>Its symbol, e.g. "196-KH/TU", when the id is not known.</summary>
    public string? DocumentSymbol { get; init; }

    /// <summary>The movement (phong trào), e.g. "Nghệ An làm theo lời Bác dặn".</summary>
    public string? Movement { get; init; }

    public required DateOnly CommendedOn { get; init; }

    public override string Subject => $"models/{ModelId}";
}
