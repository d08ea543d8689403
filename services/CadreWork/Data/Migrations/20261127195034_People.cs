using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NgheAn.CadreWork.Data.Migrations
{
    /// <inheritdoc />
    public partial class People : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "appointments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    position_id = table.Column<Guid>(type: "uuid", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    term_end = table.Column<DateOnly>(type: "date", nullable: false),
                    notice_due = table.Column<DateOnly>(type: "date", nullable: false),
                    decision_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    rule_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "commendations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    level = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    decision_date = table.Column<DateOnly>(type: "date", nullable: false),
                    decision_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commendations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "commitments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    period = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    content = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    result = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    review_comment = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    reviewed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reviewed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commitments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "disciplines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    form = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    decision_date = table.Column<DateOnly>(type: "date", nullable: false),
                    decision_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    self_detected_and_remedied = table.Column<bool>(type: "boolean", nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disciplines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "people",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    full_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    membership = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    birth_date = table.Column<DateOnly>(type: "date", nullable: false),
                    sex = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_people", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "planning_entries",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    position_id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    decision_date = table.Column<DateOnly>(type: "date", nullable: false),
                    rule_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_planning_entries", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "positions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_positions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ratings",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    period = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rating_date = table.Column<DateOnly>(type: "date", nullable: false),
                    general_score = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    task_score = table.Column<decimal>(type: "numeric(5,2)", precision: 5, scale: 2, nullable: true),
                    all_tasks_on_time = table.Column<bool>(type: "boolean", nullable: false),
                    proposed_grade = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    grade = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    uncapped_grade = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rule_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    cap_reasons = table.Column<List<string>>(type: "text[]", nullable: false),
                    quota_override_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    commitment_summary = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ratings", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "training_records",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    program = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    institution = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_training_records", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "transfers",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    from_unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    to_unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    effective_date = table.Column<DateOnly>(type: "date", nullable: false),
                    rule_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_transfers", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_appointments_person_id_start_date",
                table: "appointments",
                columns: new[] { "person_id", "start_date" });

            migrationBuilder.CreateIndex(
                name: "ix_commendations_person_id",
                table: "commendations",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_commitments_person_id_period",
                table: "commitments",
                columns: new[] { "person_id", "period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_disciplines_person_id",
                table: "disciplines",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_people_full_name_id",
                table: "people",
                columns: new[] { "full_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_people_unit_id_full_name_id",
                table: "people",
                columns: new[] { "unit_id", "full_name", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_planning_entries_person_id",
                table: "planning_entries",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_planning_entries_position_id_person_id",
                table: "planning_entries",
                columns: new[] { "position_id", "person_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_positions_unit_id_name",
                table: "positions",
                columns: new[] { "unit_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ratings_person_id_period",
                table: "ratings",
                columns: new[] { "person_id", "period" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ratings_unit_id_period_grade",
                table: "ratings",
                columns: new[] { "unit_id", "period", "grade" });

            migrationBuilder.CreateIndex(
                name: "ix_training_records_person_id_start_date",
                table: "training_records",
                columns: new[] { "person_id", "start_date" });

            migrationBuilder.CreateIndex(
                name: "ix_transfers_person_id_effective_date",
                table: "transfers",
                columns: new[] { "person_id", "effective_date" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "appointments");

            migrationBuilder.DropTable(
                name: "commendations");

            migrationBuilder.DropTable(
                name: "commitments");

            migrationBuilder.DropTable(
                name: "disciplines");

            migrationBuilder.DropTable(
                name: "people");

            migrationBuilder.DropTable(
                name: "planning_entries");

            migrationBuilder.DropTable(
                name: "positions");

            migrationBuilder.DropTable(
                name: "ratings");

            migrationBuilder.DropTable(
                name: "training_records");

            migrationBuilder.DropTable(
                name: "transfers");
        }
    }
}
