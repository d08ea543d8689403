using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NgheAn.CadreWork.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnitRatingQuota : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "organisation_id",
                table: "unit_ratings",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "quota_override_reason",
                table: "unit_ratings",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            // Ratings made before: counted against the rated unit's parent, as new ones are.
            migrationBuilder.Sql(
                "UPDATE unit_ratings r SET organisation_id = coalesce(u.parent_id, u.id) FROM org_units u WHERE u.id = r.unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_unit_ratings_organisation_id_period_grade",
                table: "unit_ratings",
                columns: new[] { "organisation_id", "period", "grade" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_unit_ratings_organisation_id_period_grade",
                table: "unit_ratings");

            migrationBuilder.DropColumn(
                name: "organisation_id",
                table: "unit_ratings");

            migrationBuilder.DropColumn(
                name: "quota_override_reason",
                table: "unit_ratings");
        }
    }
}
