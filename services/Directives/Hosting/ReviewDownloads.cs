using Microsoft.AspNetCore.Authorization;
using NgheAn.Directives.Api;
using NgheAn.Directives.Data;
using NgheAn.Messaging.OrgUnits;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Directives.Hosting;

public static class ReviewDownloads
{
    /// <summary>
    /// GET /v1/reviews/{id}/csv: a published review as a CSV file. A plain endpoint beside the gRPC
    /// API (the same figures are the review's csv field over gRPC and JSON); the gateway routes /v1/reviews.
    /// </summary>
    public static WebApplication MapReviewDownloads(this WebApplication app)
    {
        app.MapGet("/v1/reviews/{id}/csv", async (string id, HttpContext http, DirectivesDbContext db, UnitScope<DirectivesDbContext> scope) =>
        {
            if (!Guid.TryParse(id, out var reviewId))
            {
                return Results.Problem(statusCode: 400, title: "Invalid argument", detail: $"id: not a UUID: '{id}'");
            }

            // Missing and not visible answer alike, as the gRPC methods do (AIP-211).
            var found = await DirectivesApi.ReviewCsvAsync(db, scope, Caller.From(http.User), reviewId, http.RequestAborted);
            if (found is not { } review)
            {
                return Results.Problem(statusCode: 403, title: "Permission denied", detail: $"Your role and unit do not allow access to review '{id}'.");
            }

            var name = $"review-{review.Symbol.Replace('/', '_')}-{reviewId}.csv";
            // A BOM lets spreadsheet programs read the Vietnamese text as UTF-8.
            return Results.File(System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(review.Csv)).ToArray(), "text/csv; charset=utf-8", name);
        }).RequireAuthorization(new AuthorizeAttribute { Roles = PlatformRoles.Anyone });
        return app;
    }
}
