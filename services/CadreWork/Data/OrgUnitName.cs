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

/// <summary>
/// Where a unit hung before a merge or split moved it (or a unit above it): its parent and path
/// from <see cref="ValidFrom"/> to <see cref="ValidTo"/>, both inclusive, for the tree as of a date.
/// </summary>
public sealed class OrgUnitPlacement
{
    public Guid Id { get; set; }

    public required string UnitId { get; set; }

    public string? ParentId { get; set; }

    public required string Path { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidTo { get; set; }
}
