using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NgheAn.CadreWork.Data.Migrations
{
    /// <inheritdoc />
    public partial class ScheduledReorganisations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reorganisations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    effective_date = table.Column<DateOnly>(type: "date", nullable: false),
                    closed_unit_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    successor_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    default_successor_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    successor_created = table.Column<bool>(type: "boolean", nullable: false),
                    assigned_person_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    assigned_successor_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reorganisations", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_reorganisations_effective_date",
                table: "reorganisations",
                column: "effective_date",
                filter: "applied_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reorganisations");
        }
    }
}
