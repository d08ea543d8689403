using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NgheAn.Supervision.Data.Migrations
{
    /// <inheritdoc />
    public partial class InspectionsDisciplineReceptionPetitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "cell_assignments",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    member_person_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    member_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    cell_unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cell_assignments", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "disciplines",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    subject = table.Column<int>(type: "integer", nullable: false),
                    person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    holds_position = table.Column<bool>(type: "boolean", nullable: false),
                    form = table.Column<int>(type: "integer", nullable: false),
                    decision_date = table.Column<DateOnly>(type: "date", nullable: false),
                    decision_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    reason = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    self_detected_and_remedied = table.Column<bool>(type: "boolean", nullable: false),
                    forms_rule_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    effect_rule_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    effect_ends_on = table.Column<DateOnly>(type: "date", nullable: true),
                    expired_on = table.Column<DateOnly>(type: "date", nullable: true),
                    original_form = table.Column<int>(type: "integer", nullable: true),
                    appeal_outcome = table.Column<int>(type: "integer", nullable: true),
                    appeal_decided_on = table.Column<DateOnly>(type: "date", nullable: true),
                    appeal_decision_number = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_disciplines", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inspection_programmes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inspection_programmes", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "petitions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    receiving_unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    source = table.Column<int>(type: "integer", nullable: false),
                    summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    received_on = table.Column<DateOnly>(type: "date", nullable: false),
                    submitter_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    submitter_address = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    submitter_phone = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    submitter_id_number = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    subject_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    acceptance_due = table.Column<DateOnly>(type: "date", nullable: false),
                    accepted_on = table.Column<DateOnly>(type: "date", nullable: true),
                    complex = table.Column<bool>(type: "boolean", nullable: false),
                    resolution_due = table.Column<DateOnly>(type: "date", nullable: true),
                    due_on = table.Column<DateOnly>(type: "date", nullable: true),
                    rule_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    resolved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    reply_sent_on = table.Column<DateOnly>(type: "date", nullable: true),
                    reply = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    overdue_noticed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    extensions = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_petitions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reception_schedules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    head_person_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    head_name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    level = table.Column<int>(type: "integer", nullable: false),
                    year = table.Column<int>(type: "integer", nullable: false),
                    month = table.Column<int>(type: "integer", nullable: false),
                    planned_days = table.Column<List<DateOnly>>(type: "date[]", nullable: false),
                    month_checked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reception_schedules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "cell_attendances",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    assignment_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    meeting_date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_cell_attendances", x => x.id);
                    table.ForeignKey(
                        name: "fk_cell_attendances_cell_assignments_assignment_id",
                        column: x => x.assignment_id,
                        principalTable: "cell_assignments",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "inspections",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    programme_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    target_person_id = table.Column<Guid>(type: "uuid", nullable: true),
                    target_unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    opened_on = table.Column<DateOnly>(type: "date", nullable: false),
                    stage = table.Column<int>(type: "integer", nullable: false),
                    conduct_started_on = table.Column<DateOnly>(type: "date", nullable: true),
                    concluded_on = table.Column<DateOnly>(type: "date", nullable: true),
                    findings = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    violation_found = table.Column<bool>(type: "boolean", nullable: false),
                    recommendations = table.Column<List<string>>(type: "text[]", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_inspections", x => x.id);
                    table.ForeignKey(
                        name: "fk_inspections_inspection_programmes_programme_id",
                        column: x => x.programme_id,
                        principalTable: "inspection_programmes",
                        principalColumn: "id");
                });

            migrationBuilder.CreateTable(
                name: "reception_sessions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    schedule_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    held_on = table.Column<DateOnly>(type: "date", nullable: false),
                    location = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    cases = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reception_sessions", x => x.id);
                    table.ForeignKey(
                        name: "fk_reception_sessions_reception_schedules_schedule_id",
                        column: x => x.schedule_id,
                        principalTable: "reception_schedules",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_cell_assignments_member_cell",
                table: "cell_assignments",
                columns: new[] { "member_person_id", "cell_unit_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_cell_assignments_unit_id",
                table: "cell_assignments",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_cell_attendances_assignment_id",
                table: "cell_attendances",
                column: "assignment_id");

            migrationBuilder.CreateIndex(
                name: "ix_disciplines_effect_ends_on",
                table: "disciplines",
                column: "effect_ends_on",
                filter: "expired_on IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_disciplines_person_id",
                table: "disciplines",
                column: "person_id");

            migrationBuilder.CreateIndex(
                name: "ix_disciplines_unit_id",
                table: "disciplines",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_inspection_programmes_unit_id",
                table: "inspection_programmes",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_inspections_programme_id",
                table: "inspections",
                column: "programme_id");

            migrationBuilder.CreateIndex(
                name: "ix_inspections_target_person_id",
                table: "inspections",
                column: "target_person_id");

            migrationBuilder.CreateIndex(
                name: "ix_inspections_unit_id",
                table: "inspections",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_petitions_due_on",
                table: "petitions",
                column: "due_on",
                filter: "resolved_on IS NULL AND overdue_noticed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_petitions_unit_id",
                table: "petitions",
                column: "unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_reception_schedules_unit_head_month",
                table: "reception_schedules",
                columns: new[] { "unit_id", "head_person_id", "year", "month" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_reception_schedules_year_month",
                table: "reception_schedules",
                columns: new[] { "year", "month" });

            migrationBuilder.CreateIndex(
                name: "ix_reception_sessions_schedule_id",
                table: "reception_sessions",
                column: "schedule_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "cell_attendances");

            migrationBuilder.DropTable(
                name: "disciplines");

            migrationBuilder.DropTable(
                name: "inspections");

            migrationBuilder.DropTable(
                name: "petitions");

            migrationBuilder.DropTable(
                name: "reception_sessions");

            migrationBuilder.DropTable(
                name: "cell_assignments");

            migrationBuilder.DropTable(
                name: "inspection_programmes");

            migrationBuilder.DropTable(
                name: "reception_schedules");
        }
    }
}
