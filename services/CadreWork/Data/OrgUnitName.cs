namespace NgheAn.CadreWork.Data;

/// <summary>A name a unit had before a rename, with its validity period (both days inclusive).</summary>
public sealed class OrgUnitName
{
    public Guid Id { get; set; }

    public required string UnitId { get; set; }

    public required string Name { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }
}
