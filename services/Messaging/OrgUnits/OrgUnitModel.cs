using Microsoft.EntityFrameworkCore;

namespace NgheAn.Messaging.OrgUnits;

public static class OrgUnitModel
{
    public const string Table = "org_units";

    /// <summary>Adds the organisation unit table to a service's DbContext model.</summary>
    public static ModelBuilder AddOrgUnits(this ModelBuilder model)
    {
        model.Entity<OrgUnit>(unit =>
        {
            unit.ToTable(Table);
            unit.HasKey(u => u.Id);
            unit.Property(u => u.Id).HasMaxLength(100);
            unit.Property(u => u.Name).HasMaxLength(300);
            unit.Property(u => u.Level).HasMaxLength(20);
            unit.Property(u => u.ParentId).HasMaxLength(100);
            unit.Property(u => u.Path).HasMaxLength(1000);
            // text_pattern_ops lets "path LIKE 'a/b/%'" use the index whatever the collation.
            unit.HasIndex(u => u.Path).HasOperators("text_pattern_ops");
            unit.HasIndex(u => u.ParentId);
        });
        return model;
    }
}
