using Google.Rpc;
using Grpc.Core;
using NgheAn.ServiceDefaults.Errors;

namespace NgheAn.ServiceDefaults.Tests.Errors;

public sealed class ApiErrorsTests
{
    [Fact]
    public void InvalidArgument_carries_every_field_violation()
    {
        var ex = ApiErrors.InvalidArgument(
        [
            new FieldViolation("document.symbol", "must look like 196-KH/TU."),
            new FieldViolation("document.issue_date", "is required."),
        ]);

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var badRequest = ex.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(
            [("document.symbol", "must look like 196-KH/TU."), ("document.issue_date", "is required.")],
            badRequest.FieldViolations.Select(v => (v.Field, v.Description)));
        Assert.Contains("document.symbol: must look like 196-KH/TU.", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("document.issue_date", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidArgument_for_one_field()
    {
        var ex = ApiErrors.InvalidArgument("page_size", "must not be negative.");

        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        var violation = Assert.Single(ex.GetRpcStatus()!.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal("page_size", violation.Field);
        Assert.Equal("must not be negative.", violation.Description);
    }

    [Fact]
    public void NotFound_names_the_resource()
    {
        var ex = ApiErrors.NotFound("OrgUnit", "phuong-khong-co");

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
        var info = ex.GetRpcStatus()!.GetDetail<ResourceInfo>();
        Assert.NotNull(info);
        Assert.Equal("OrgUnit", info.ResourceType);
        Assert.Equal("phuong-khong-co", info.ResourceName);
        Assert.Contains("phuong-khong-co", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Null(ex.GetRpcStatus()!.GetDetail<BadRequest>());
    }

    [Fact]
    public void AlreadyExists_carries_resource_and_reason()
    {
        var ex = ApiErrors.AlreadyExists("Document", "196-KH/TU", "A document 196-KH/TU already exists in this term.");

        Assert.Equal(StatusCode.AlreadyExists, ex.StatusCode);
        var status = ex.GetRpcStatus()!;
        Assert.Equal("196-KH/TU", status.GetDetail<ResourceInfo>()!.ResourceName);
        Assert.Equal("ALREADY_EXISTS", status.GetDetail<ErrorInfo>()!.Reason);
        Assert.Equal("A document 196-KH/TU already exists in this term.", ex.Status.Detail);
    }

    [Fact]
    public void PermissionDenied_carries_its_reason()
    {
        var ex = ApiErrors.PermissionDenied("Your role and unit do not allow changes in unit 'nghe-an'.");

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        var info = ex.GetRpcStatus()!.GetDetail<ErrorInfo>();
        Assert.NotNull(info);
        Assert.Equal("PERMISSION_DENIED", info.Reason);
        Assert.Equal("nghean.vn", info.Domain);
    }
}
