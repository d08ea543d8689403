using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NgheAn.CadreWork.Data.Migrations
{
    /// <inheritdoc />
    public partial class DisciplineAppealsAndRevokedAwards : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "annulled_on",
                table: "disciplines",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "appeal_decided_on",
                table: "disciplines",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "appeal_decision_number",
                table: "disciplines",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "original_form",
                table: "disciplines",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "revocation_reason",
                table: "commendations",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "revoked_on",
                table: "commendations",
                type: "date",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "annulled_on",
                table: "disciplines");

            migrationBuilder.DropColumn(
                name: "appeal_decided_on",
                table: "disciplines");

            migrationBuilder.DropColumn(
                name: "appeal_decision_number",
                table: "disciplines");

            migrationBuilder.DropColumn(
                name: "original_form",
                table: "disciplines");

            migrationBuilder.DropColumn(
                name: "revocation_reason",
                table: "commendations");

            migrationBuilder.DropColumn(
                name: "revoked_on",
                table: "commendations");
        }
    }
}
