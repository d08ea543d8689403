using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NgheAn.Supervision.Data.Migrations
{
    /// <summary>
    /// Entries recorded before the services stopped writing personal values into the audit trail:
    /// each personal property keeps only that it changed. The list is the [PersonalData] properties
    /// of the audited entities when this was written (a migration is a snapshot, not a rule).
    /// </summary>
    public partial class AuditWithoutPersonalValues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE audit_entries e
                SET changes = e.changes || (
                    SELECT jsonb_object_agg(k, '{"changed": true}'::jsonb)
                    FROM jsonb_object_keys(e.changes) k
                    WHERE k = ANY(p.props))
                FROM (VALUES
                    ('cadrework', 'Person', ARRAY['BirthDate', 'Sex']),
                    ('cadrework', 'Rating', ARRAY['GeneralScore', 'TaskScore', 'ProposedGrade', 'Grade', 'UncappedGrade', 'CapReasons', 'QuotaOverrideReason']),
                    ('cadrework', 'UnitRating', ARRAY['GeneralScore', 'TaskScore', 'ProposedGrade', 'Grade', 'UncappedGrade', 'CapReasons', 'QuotaOverrideReason']),
                    ('cadrework', 'DisciplineEntry', ARRAY['Form', 'DecisionNumber', 'SelfDetectedAndRemedied', 'OriginalForm', 'AppealDecisionNumber']),
                    ('supervision', 'Petition', ARRAY['SubmitterName', 'SubmitterAddress', 'SubmitterPhone', 'SubmitterIdNumber'])
                ) AS p(service, entity_type, props)
                WHERE e.service = p.service AND e.entity_type = p.entity_type
                    AND jsonb_typeof(e.changes) = 'object' AND e.changes ?| p.props
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // The values are gone on purpose.
        }
    }
}
