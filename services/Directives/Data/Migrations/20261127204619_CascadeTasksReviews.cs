using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NgheAn.Directives.Data.Migrations
{
    /// <inheritdoc />
    public partial class CascadeTasksReviews : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "status",
                table: "documents",
                type: "integer",
                nullable: false,
                defaultValue: 2); // documents registered before the lifecycle were all issued

            migrationBuilder.CreateTable(
                name: "commended_models",
                columns: table => new
                {
                    model_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    level = table.Column<string>(type: "text", nullable: false),
                    document_id = table.Column<Guid>(type: "uuid", nullable: true),
                    document_symbol = table.Column<string>(type: "text", nullable: true),
                    unit_id = table.Column<string>(type: "text", nullable: true),
                    commended_on = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_commended_models", x => x.model_id);
                });

            migrationBuilder.CreateTable(
                name: "document_links",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    from_id = table.Column<Guid>(type: "uuid", nullable: false),
                    to_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_document_links", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "petitions",
                columns: table => new
                {
                    petition_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    unit_id = table.Column<string>(type: "text", nullable: true),
                    document_id = table.Column<Guid>(type: "uuid", nullable: true),
                    resolved_on = table.Column<DateOnly>(type: "date", nullable: true),
                    overdue_on = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_petitions", x => x.petition_id);
                });

            migrationBuilder.CreateTable(
                name: "progress_reports",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurrence = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    summary = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    evidence_refs = table.Column<List<string>>(type: "text[]", nullable: false),
                    percent_complete = table.Column<int>(type: "integer", nullable: false),
                    reported_by = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_progress_reports", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "reviews",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    unit_id = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reviews", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "task_overdue_notices",
                columns: table => new
                {
                    task_id = table.Column<Guid>(type: "uuid", nullable: false),
                    occurrence = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: false),
                    detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_task_overdue_notices", x => new { x.task_id, x.occurrence });
                });

            migrationBuilder.CreateTable(
                name: "tasks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    document_id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    lead_unit_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    coordinating_unit_ids = table.Column<List<string>>(type: "text[]", nullable: false),
                    responsible_person = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    due_date = table.Column<DateOnly>(type: "date", nullable: true),
                    recurrence = table.Column<int>(type: "integer", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: true),
                    due_working_days_after_period = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<int>(type: "integer", nullable: false),
                    reported_occurrences = table.Column<List<string>>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_tasks", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_commended_models_document_id",
                table: "commended_models",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_commended_models_document_symbol",
                table: "commended_models",
                column: "document_symbol");

            migrationBuilder.CreateIndex(
                name: "ix_document_links_from_id_to_id_kind",
                table: "document_links",
                columns: new[] { "from_id", "to_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_document_links_to_id",
                table: "document_links",
                column: "to_id");

            migrationBuilder.CreateIndex(
                name: "ix_petitions_document_id",
                table: "petitions",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_progress_reports_task_id",
                table: "progress_reports",
                column: "task_id");

            migrationBuilder.CreateIndex(
                name: "ix_reviews_document_id",
                table: "reviews",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_document_id",
                table: "tasks",
                column: "document_id");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_lead_unit_id",
                table: "tasks",
                column: "lead_unit_id");

            migrationBuilder.CreateIndex(
                name: "ix_tasks_status",
                table: "tasks",
                column: "status");

            // Links for documents registered before links were stored: their "implements" symbols.
            migrationBuilder.Sql("""
                INSERT INTO document_links (id, from_id, to_id, kind, created_at)
                SELECT gen_random_uuid(), d.id, h.id, 1, now()
                FROM documents d JOIN documents h ON h.symbol = ANY (d.implements) AND h.id <> d.id
                ON CONFLICT DO NOTHING
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "commended_models");

            migrationBuilder.DropTable(
                name: "document_links");

            migrationBuilder.DropTable(
                name: "petitions");

            migrationBuilder.DropTable(
                name: "progress_reports");

            migrationBuilder.DropTable(
                name: "reviews");

            migrationBuilder.DropTable(
                name: "task_overdue_notices");

            migrationBuilder.DropTable(
                name: "tasks");

            migrationBuilder.DropColumn(
                name: "status",
                table: "documents");
        }
    }
}
