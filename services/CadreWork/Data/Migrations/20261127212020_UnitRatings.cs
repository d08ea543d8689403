using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NgheAn.CadreWork.Data.Migrations
{
    /// <inheritdoc />
    public partial class UnitRatings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "is_leadership",
                table: "positions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "unit_ratings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    period = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rating_date = table.Column<DateOnly>(type: "date", nullable: false),
                    general_score = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    task_score = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    all_tasks_on_time = table.Column<bool>(type: "boolean", nullable: false),
                    proposed_grade = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    grade = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    uncapped_grade = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    leadership_member_disciplined = table.Column<bool>(type: "boolean", nullable: false),
                    rule_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    cap_reasons = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_unit_ratings", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_unit_ratings_unit_id_period",
                table: "unit_ratings",
                columns: new[] { "unit_id", "period" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "unit_ratings");

            migrationBuilder.DropColumn(
                name: "is_leadership",
                table: "positions");
        }
    }
}
