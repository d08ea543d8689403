using System.Globalization;
using Google.Protobuf.WellKnownTypes;
using NgheAn.Emulation.Data;
using NgheAn.Emulation.Domain;
using NgheAn.ServiceDefaults.Errors;
using Proto = NgheAn.Contracts.Emulation.V1;

namespace NgheAn.Emulation.Api;

/// <summary>Between the stored records and the proto messages; dates are YYYY-MM-DD strings on the wire.</summary>
internal static class EmulationMapping
{
    public static string Iso(this DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Iso(this DateOnly? date) => date?.Iso() ?? "";

    /// <summary>A required YYYY-MM-DD date, or INVALID_ARGUMENT naming the field.</summary>
    public static DateOnly RequiredDate(string value, string field) =>
        OptionalDate(value, field) ?? throw ApiErrors.InvalidArgument(field, "is required (YYYY-MM-DD).");

    public static DateOnly? OptionalDate(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw ApiErrors.InvalidArgument(field, $"must be a date YYYY-MM-DD, got '{value}'.");
    }

    public static Guid? OptionalId(string value, string field) =>
        string.IsNullOrWhiteSpace(value) ? null : RequestIds.Parse(value, field);

    /// <summary>The level's key in events and reports: co-so, huyen, tinh, trung-uong.</summary>
    public static string Key(this CommendationLevel level) => level switch
    {
        CommendationLevel.Grassroots => "co-so",
        CommendationLevel.District => "huyen",
        CommendationLevel.Province => "tinh",
        _ => "trung-uong",
    };

    // The proto enums number their values as the domain's do.
    public static Proto.CommendationLevel ToProto(this CommendationLevel? level) => (Proto.CommendationLevel)(int)(level ?? 0);

    public static CommendationLevel? ToDomain(this Proto.CommendationLevel level) =>
        level == Proto.CommendationLevel.Unspecified ? null : (CommendationLevel)(int)level;

    public static Proto.Movement ToProto(this Movement movement, string? documentSymbol) => new()
    {
        Id = movement.Id.ToString(),
        Name = movement.Name,
        UnitId = movement.UnitId,
        DocumentId = movement.DocumentId?.ToString() ?? "",
        DocumentSymbol = documentSymbol ?? "",
        StartDate = movement.StartDate.Iso(),
        EndDate = movement.EndDate.Iso(),
        CreateTime = Timestamp.FromDateTimeOffset(movement.CreatedAt),
    };

    public static Proto.ExemplaryModel ToProto(this ModelRecord model)
    {
        var proto = new Proto.ExemplaryModel
        {
            Id = model.Id.ToString(),
            Name = model.Name,
            UnitId = model.UnitId,
            Subject = model.Subject == AwardSubject.Collective ? Proto.ModelSubject.Collective : Proto.ModelSubject.Individual,
            PersonId = model.PersonId?.ToString() ?? "",
            MovementId = model.MovementId?.ToString() ?? "",
            DocumentId = model.DocumentId?.ToString() ?? "",
            Stage = (Proto.ModelStage)(int)model.Stage,
            CommendedLevel = model.CommendedLevel.ToProto(),
        };
        proto.LikelyDuplicateOf.AddRange(model.LikelyDuplicateOf.Select(id => id.ToString()));
        proto.Steps.AddRange(model.Steps.OrderBy(s => s.Sequence).Select(s =>
        {
            var step = new Proto.ModelStep
            {
                Stage = (Proto.ModelStage)(int)s.Stage,
                DecidedOn = s.DecidedOn.Iso(),
                DecidedBy = s.DecidedBy,
                Level = s.Level.ToProto(),
                Passed = s.Passed ?? false,
                RecordedBy = s.RecordedBy,
                RecordTime = Timestamp.FromDateTimeOffset(s.RecordedAt),
            };
            step.Evidence.AddRange(s.Evidence);
            step.ReplicatedIn.AddRange(s.ReplicatedIn);
            return step;
        }));
        return proto;
    }

    public static Proto.AwardKind ToProto(this AwardKind kind)
    {
        var proto = new Proto.AwardKind
        {
            Code = kind.Code,
            Name = kind.Name,
            Category = kind.Category == AwardCategory.Title ? Proto.AwardCategory.Title : Proto.AwardCategory.Form,
            Collective = kind.Subject == AwardSubject.Collective,
            Level = ((CommendationLevel?)kind.Level).ToProto(),
            GrantedBy = kind.GrantedBy,
            RuleId = kind.Rule.Id,
            LegalBasis = kind.Rule.LegalBasis,
            EffectiveFrom = kind.Rule.EffectiveFrom.Iso(),
            EffectiveUntil = kind.Rule.EffectiveTo.Iso(),
        };
        proto.Requirements.AddRange(AwardEligibility.Requirements(kind));
        return proto;
    }

    public static Proto.Nomination ToProto(this NominationRecord nomination)
    {
        var proto = new Proto.Nomination
        {
            Id = nomination.Id.ToString(),
            AwardCode = nomination.AwardCode,
            Year = nomination.Year,
            PersonId = nomination.PersonId?.ToString() ?? "",
            UnitId = nomination.UnitId,
            Achievement = nomination.Achievement,
            AchievementId = nomination.AchievementId ?? "",
            Status = (Proto.NominationStatus)(int)nomination.Status,
            CreateTime = Timestamp.FromDateTimeOffset(nomination.CreatedAt),
            AppraisedBy = nomination.AppraisedBy ?? "",
            AppraisedOn = nomination.AppraisedOn.Iso(),
            AwardId = nomination.AwardId?.ToString() ?? "",
        };
        proto.Reasons.AddRange(nomination.Reasons.Select(r => new Proto.IneligibilityReason { Code = r.Code, Message = r.Message, LegalBasis = r.LegalBasis }));
        proto.LikelyDuplicateOf.AddRange(nomination.LikelyDuplicateOf.Select(id => id.ToString()));
        return proto;
    }

    public static Proto.Award ToProto(this AwardRecord award) => new()
    {
        Id = award.Id.ToString(),
        AwardCode = award.AwardCode,
        Title = award.Title,
        Level = ((CommendationLevel?)award.Level).ToProto(),
        Year = award.Year,
        PersonId = award.PersonId?.ToString() ?? "",
        UnitId = award.UnitId,
        NominationId = award.NominationId?.ToString() ?? "",
        DecisionDate = award.DecisionDate.Iso(),
        DecisionNumber = award.DecisionNumber ?? "",
        RevocationFlag = award.RevocationFlag ?? "",
        RevokedOn = award.RevokedOn.Iso(),
        RevocationGround = award.RevocationGround switch
        {
            RevocationGrounds.FalseDeclaration => Proto.RevocationGround.FalseDeclaration,
            RevocationGrounds.LaterViolation => Proto.RevocationGround.LaterViolation,
            _ => Proto.RevocationGround.Unspecified,
        },
        RevocationReason = award.RevocationReason ?? "",
    };
}

/// <summary>The grounds for revocation as stored and as AwardRevoked tells them.</summary>
internal static class RevocationGrounds
{
    public const string FalseDeclaration = "false-declaration";
    public const string LaterViolation = "later-violation";
}
