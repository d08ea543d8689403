using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NgheAn.Emulation.Data.Migrations
{
    /// <inheritdoc />
    public partial class SharedPeopleCopy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "membership",
                table: "people",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "membership",
                table: "people");
        }
    }
}
