using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NgheAn.Directives.Data.Migrations
{
    /// <inheritdoc />
    public partial class DocumentNumbersPerUnit : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_documents_issuer_type_term_number",
                table: "documents");

            migrationBuilder.CreateIndex(
                name: "ix_documents_unit_issuer_type_term_number",
                table: "documents",
                columns: new[] { "unit_id", "issuer_key", "type_code", "term", "number" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_documents_unit_issuer_type_term_number",
                table: "documents");

            migrationBuilder.CreateIndex(
                name: "ix_documents_issuer_type_term_number",
                table: "documents",
                columns: new[] { "issuer_key", "type_code", "term", "number" },
                unique: true);
        }
    }
}
