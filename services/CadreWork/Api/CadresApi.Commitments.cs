using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using NgheAn.CadreWork.Data;
using NgheAn.CadreWork.Domain;
using NgheAn.ServiceDefaults.Data;
using NgheAn.ServiceDefaults.Errors;
using NgheAn.ServiceDefaults.Hosting;
using NgheAn.ServiceDefaults.Paging;
using NgheAn.ServiceDefaults.Security;
using Proto = NgheAn.Contracts.CadreWork.V1;

namespace NgheAn.CadreWork.Api;

/// <summary>Study-and-follow commitments (sổ đăng ký học tập và làm theo): registered by the member, reviewed by the cell.</summary>
public sealed partial class CadresApi
{
    public override async Task<Proto.Commitment> CreateCommitment(Proto.CreateCommitmentRequest request, ServerCallContext context)
    {
        var input = request.Commitment ?? throw ApiErrors.InvalidArgument("commitment", "is required.");
        var period = CommitmentPeriod.Parse(input.Period ?? "")
            ?? throw ApiErrors.InvalidArgument("commitment.period", $"must be a year 'YYYY' or a month 'YYYY-MM', got '{input.Period}'.");
        var content = RequiredText(input.Content, "commitment.content", 4000);
        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken);
        var commitment = new Commitment
        {
            Id = Guid.CreateVersion7(),
            PersonId = person.Id,
            UnitId = person.UnitId,
            Period = period.ToString(),
            Year = period.Year,
            Content = content,
        };
        db.Commitments.Add(commitment);
        await db.SaveChangesOrAsync(
            () => ApiErrors.AlreadyExists("commitment", $"{person.Id}/{period}", $"Person '{person.Id}' already registered a commitment for {period}."),
            context.CancellationToken, CadreWorkDbContext.CommitmentPeriodIndex);
        return ToProto(commitment);
    }

    public override async Task<Proto.Commitment> ReviewCommitment(Proto.ReviewCommitmentRequest request, ServerCallContext context)
    {
        if (request.Result == Proto.CommitmentResult.Unspecified)
        {
            throw ApiErrors.InvalidArgument("result", "is required: MET, PARTLY_MET or NOT_MET.");
        }

        if (request.Comment is { Length: > 4000 })
        {
            throw ApiErrors.InvalidArgument("comment", "must be at most 4000 characters.");
        }

        var caller = context.Caller();
        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken);
        var commitmentId = RequestIds.Parse(request.CommitmentId, "commitment_id");
        var commitment = await db.Commitments.FirstOrDefaultAsync(c => c.Id == commitmentId && c.PersonId == person.Id, context.CancellationToken)
            ?? throw ApiErrors.NotFound("commitment", commitmentId.ToString());
        var period = CommitmentPeriod.Parse(commitment.Period)!;
        if (clock.Today() < period.Start)
        {
            throw ApiErrors.FailedPrecondition("commitment-not-started", $"commitments/{commitment.Id}", $"The commitment for {period} cannot be reviewed before the period starts ({period.Start:yyyy-MM-dd}).");
        }

        commitment.Result = ((CommitmentResult)(int)request.Result).ToString();
        commitment.ReviewComment = request.Comment?.Trim();
        commitment.ReviewedBy = caller.Person;
        commitment.ReviewedAt = Microseconds(clock.GetUtcNow());
        await db.SaveChangesAsync(context.CancellationToken);
        return ToProto(commitment);
    }

    public override async Task<Proto.ListCommitmentsResponse> ListCommitments(Proto.ListCommitmentsRequest request, ServerCallContext context)
    {
        var person = await people.PersonAsync(request.PersonId, "person_id", context.CancellationToken);
        var response = new Proto.ListCommitmentsResponse();
        response.NextPageToken = await PageByIdAsync(db.Commitments.AsNoTracking().Where(c => c.PersonId == person.Id), c => c.Id,
            request.PageSize, request.PageToken, $"commitments|{person.Id}", c => response.Commitments.Add(ToProto(c)), context.CancellationToken);
        return response;
    }

    private static Proto.Commitment ToProto(Commitment c)
    {
        var proto = new Proto.Commitment
        {
            Id = c.Id.ToString(), PersonId = c.PersonId.ToString(), Period = c.Period, Content = c.Content,
            Result = c.Result is null ? Proto.CommitmentResult.Unspecified : (Proto.CommitmentResult)(int)Enum.Parse<CommitmentResult>(c.Result),
            ReviewComment = c.ReviewComment ?? "", ReviewedBy = c.ReviewedBy ?? "",
        };
        if (c.ReviewedAt is { } at)
        {
            proto.ReviewTime = ApiDates.Stamp(at);
        }

        return proto;
    }
}
