using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NgheAn.Messaging.Outbox;

#nullable disable

namespace NgheAn.Emulation.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxStreamLane : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "stream_attempts",
                table: "outbox_messages",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "stream_last_error",
                table: "outbox_messages",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "stream_next_attempt_at",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTimeOffset(new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)));

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "streamed_at",
                table: "outbox_messages",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_subject_sequence_unstreamed",
                table: "outbox_messages",
                columns: new[] { "subject", "sequence" },
                filter: "streamed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_unstreamed",
                table: "outbox_messages",
                column: "sequence",
                filter: "streamed_at IS NULL");

            migrationBuilder.MarkSentRowsStreamed();
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_subject_sequence_unstreamed",
                table: "outbox_messages");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_unstreamed",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "stream_attempts",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "stream_last_error",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "stream_next_attempt_at",
                table: "outbox_messages");

            migrationBuilder.DropColumn(
                name: "streamed_at",
                table: "outbox_messages");
        }
    }
}
