using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Events.Supervision;
using NgheAn.ServiceDefaults.Security;

namespace NgheAn.EndToEnd.Tests;

/// <summary>Cadre work through the gateway: people, ratings, planning, appointments, and Supervision's discipline arriving over RabbitMQ.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CadreWorkThroughGatewayTests(PlatformFixture platform)
{
    private const string Ward = "phuong-truong-vinh";
    private const string OtherWard = "phuong-vinh-hung";

    private CadresService.CadresServiceClient Cadres => new(platform.Grpc);

    private static CadresService.CadresServiceClient As(PlatformFixture platform, string role, string unit) =>
        new(platform.GrpcChannelFor(DevelopmentTokens.Create([role], unit, person: $"cadre-{role}-{Guid.NewGuid():N}")));

    private async Task<Person> RegisterAsync(string unit, string name, string birthDate = "1980-04-15")
    {
        return await Cadres.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person
            {
                FullName = name, UnitId = unit, Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = birthDate, Sex = Sex.Male,
            },
        });
    }

    private async Task<Position> PositionAsync(string unit, string name) =>
        await Cadres.CreatePositionAsync(new CreatePositionRequest { OrgUnitId = unit, Position = new Position { Name = name } });

    [Fact]
    public async Task A_discipline_from_RabbitMQ_caps_the_rating_and_blocks_appointment_naming_the_rule()
    {
        var person = await RegisterAsync("chi-bo-khoi-2-truong-vinh", "Nguyễn Văn Kỷ Luật");
        var position = await PositionAsync("chi-bo-khoi-2-truong-vinh", $"Bí thư chi bộ {Guid.NewGuid():N}");
        var discipline = new DisciplineImposed
        {
            DisciplineId = Guid.NewGuid(),
            PersonId = Guid.Parse(person.Id),
            UnitId = person.UnitId,
            Form = "Reprimand",
            DecisionDate = new DateOnly(2026, 3, 10),
            DecisionNumber = "15-QĐ/UBKTTU",
        };

        await PublishAsSupervisionAsync(discipline);

        // The consumer records it in the person's file.
        var file = await Eventually.UntilAsync(async () => await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id }), p => p.Disciplines.Count == 1);
        var entry = Assert.Single(file.Disciplines);
        Assert.Equal(("Reprimand", "2026-03-10", "2028-03-10", "cadre-waiting-period/377-QD-TW"), (entry.Form, entry.DecisionDate, entry.EligibleFrom, entry.RuleId));

        // 93 points would be HTXSNV; the discipline in the year caps it at KHTNV.
        var rating = await Cadres.CreateRatingAsync(new CreateRatingRequest
        {
            PersonId = person.Id,
            Rating = new Rating { Period = "2026", RatingDate = "2026-11-20", GeneralScore = 28, TaskScore = 65, AllTasksOnTime = true },
        });
        Assert.Equal(RatingGrade.NotCompleted, rating.Grade);
        Assert.Equal(RatingGrade.Excellent, rating.UncappedGrade);
        Assert.Contains("rating/366-QD-TW", rating.RuleIds);
        Assert.Contains("rating-cap/discipline-in-year/124-QD-TW", rating.RuleIds);
        Assert.Contains(rating.CapReasons, r => r.Contains("124-QĐ/TW", StringComparison.Ordinal));

        // Appointment refused while the waiting period runs, naming the rule and the date; over gRPC and JSON.
        var refused = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreateAppointmentAsync(new CreateAppointmentRequest
        {
            PersonId = person.Id,
            Appointment = new Appointment { PositionId = position.Id, StartDate = "2026-12-01" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("Quy định 377-QĐ/TW", refused.Status.Detail);
        Assert.Contains("2028-03-10", refused.Status.Detail);

        using var json = await platform.Json.PostAsJsonAsync($"/v1/people/{person.Id}/appointments", new { positionId = position.Id, startDate = "2026-12-01" });
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        var problem = await json.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("FAILED_PRECONDITION", problem.GetProperty("code").GetString());
        Assert.Contains("Quy định 377-QĐ/TW", problem.GetProperty("detail").GetString());

        // Planning is refused the same way; nothing was written.
        var planning = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreatePlanningEntryAsync(new CreatePlanningEntryRequest
        {
            PositionId = position.Id,
            PlanningEntry = new PlanningEntry { PersonId = person.Id, DecisionDate = "2026-11-27" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, planning.StatusCode);
        Assert.Empty((await Cadres.ListAppointmentsAsync(new ListAppointmentsRequest { PersonId = person.Id })).Appointments);
        Assert.Empty((await Cadres.ListPlanningEntriesAsync(new ListPlanningEntriesRequest { PositionId = position.Id })).PlanningEntries);
    }

    [Fact]
    public async Task Appointment_has_a_five_year_term_and_a_notice_due_in_working_days()
    {
        var person = await RegisterAsync(Ward, "Trần Thị Bổ Nhiệm");
        var position = await PositionAsync(Ward, $"Phó Bí thư Đảng ủy {Guid.NewGuid():N}");

        var appointment = await Cadres.CreateAppointmentAsync(new CreateAppointmentRequest
        {
            PersonId = person.Id,
            Appointment = new Appointment { PositionId = position.Id, StartDate = "2025-11-01", DecisionNumber = "120-QĐ/TU" },
        });

        Assert.Equal(("2030-10-31", "2030-06-25", "appointment-term/377-QD-TW"), (appointment.TermEndDate, appointment.ReappointmentNoticeDue, appointment.RuleId));
        Assert.Equal(1, await OutboxAsync("PersonAppointed", person.Id));
        var file = await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id });
        Assert.Equal(position.Id, Assert.Single(file.CurrentAppointments).PositionId);
    }

    [Fact]
    public async Task Planning_allows_three_people_per_post()
    {
        var position = await PositionAsync(Ward, $"Chủ tịch UBND phường {Guid.NewGuid():N}");
        for (var i = 1; i <= 3; i++)
        {
            var planned = await RegisterAsync(Ward, $"Người quy hoạch {i}");
            await Cadres.CreatePlanningEntryAsync(new CreatePlanningEntryRequest
            {
                PositionId = position.Id,
                PlanningEntry = new PlanningEntry { PersonId = planned.Id, DecisionDate = "2026-11-01" },
            });
        }

        var fourth = await RegisterAsync(Ward, "Người quy hoạch 4");
        var refused = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreatePlanningEntryAsync(new CreatePlanningEntryRequest
        {
            PositionId = position.Id,
            PlanningEntry = new PlanningEntry { PersonId = fourth.Id, DecisionDate = "2026-11-01" },
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("at most 3 per post", refused.Status.Detail);
        Assert.Equal(3, (await Cadres.ListPlanningEntriesAsync(new ListPlanningEntriesRequest { PositionId = position.Id })).PlanningEntries.Count);
        Assert.Equal(0, await OutboxAsync("PersonPlanned", fourth.Id));
        foreach (var entry in (await Cadres.ListPlanningEntriesAsync(new ListPlanningEntriesRequest { PositionId = position.Id })).PlanningEntries)
        {
            Assert.Equal(1, await OutboxAsync("PersonPlanned", entry.PersonId));
        }
    }

    [Fact]
    public async Task The_excellence_quota_needs_a_written_reason_which_is_kept()
    {
        const string cell = "chi-bo-khoi-1-truong-vinh";
        var good = new List<Person>();
        for (var i = 0; i < 4; i++)
        {
            good.Add(await RegisterAsync(cell, $"Đảng viên tốt {i}"));
            await Cadres.CreateRatingAsync(new CreateRatingRequest
            {
                PersonId = good[^1].Id,
                Rating = new Rating { Period = "2026", RatingDate = "2026-11-20", GeneralScore = 25, TaskScore = 55, AllTasksOnTime = true },
            });
        }

        // One HTXSNV against four HTTNV is 25%: over the 20% quota.
        var best = await RegisterAsync(cell, "Đảng viên xuất sắc");
        var excellent = new Rating { Period = "2026", RatingDate = "2026-11-20", GeneralScore = 30, TaskScore = 66, AllTasksOnTime = true };
        var refused = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreateRatingAsync(new CreateRatingRequest { PersonId = best.Id, Rating = excellent }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("20%", refused.Status.Detail);

        excellent.QuotaOverrideReason = "Tập thể chi bộ thống nhất: thành tích đột xuất trong phòng chống lũ lụt.";
        var decided = await Cadres.CreateRatingAsync(new CreateRatingRequest { PersonId = best.Id, Rating = excellent });
        Assert.Equal(RatingGrade.Excellent, decided.Grade);
        Assert.Equal(excellent.QuotaOverrideReason, decided.QuotaOverrideReason);
        Assert.Contains("rating-quota/20-percent/124-QD-TW", decided.RuleIds);

        var listed = await Cadres.ListRatingsAsync(new ListRatingsRequest { PersonId = best.Id });
        Assert.Equal(excellent.QuotaOverrideReason, Assert.Single(listed.Ratings).QuotaOverrideReason);
    }

    [Fact]
    public async Task Commitments_are_registered_reviewed_and_feed_the_rating()
    {
        var member = await RegisterAsync("chi-bo-khoi-2-truong-vinh", "Lê Văn Cam Kết");
        var secretary = As(platform, PlatformRoles.CellSecretary, "chi-bo-khoi-2-truong-vinh");
        var january = await secretary.CreateCommitmentAsync(new CreateCommitmentRequest
        {
            PersonId = member.Id,
            Commitment = new Commitment { Period = "2026-01", Content = "Giữ gìn phẩm chất đạo đức, gương mẫu nơi cư trú" },
        });
        var reviewed = await secretary.ReviewCommitmentAsync(new ReviewCommitmentRequest
        {
            PersonId = member.Id, CommitmentId = january.Id, Result = CommitmentResult.PartlyMet, Comment = "Cần tích cực hơn trong sinh hoạt khu dân cư.",
        });
        Assert.Equal(CommitmentResult.PartlyMet, reviewed.Result);

        var duplicate = await Assert.ThrowsAsync<RpcException>(() => secretary.CreateCommitmentAsync(new CreateCommitmentRequest
        {
            PersonId = member.Id, Commitment = new Commitment { Period = "2026-01", Content = "Lần hai" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, duplicate.StatusCode);

        var badPeriod = await Assert.ThrowsAsync<RpcException>(() => secretary.CreateCommitmentAsync(new CreateCommitmentRequest
        {
            PersonId = member.Id, Commitment = new Commitment { Period = "2026-13", Content = "x" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badPeriod.StatusCode);
        Assert.Contains("commitment.period", badPeriod.Status.Detail);

        var rating = await Cadres.CreateRatingAsync(new CreateRatingRequest
        {
            PersonId = member.Id,
            Rating = new Rating { Period = "2026", RatingDate = "2026-11-20", GeneralScore = 20, TaskScore = 45, AllTasksOnTime = true },
        });
        Assert.Equal("commitments: 0 met, 1 partly met, 0 not met, 0 not reviewed", rating.CommitmentSummary);
    }

    [Fact]
    public async Task Unit_staff_reach_only_their_subtree_and_others_see_no_personal_data()
    {
        var staff = As(platform, PlatformRoles.UnitStaff, Ward);
        var own = await staff.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person { FullName = "Phạm Văn Phường", UnitId = "chi-bo-khoi-1-truong-vinh", Kind = PersonKind.PartyMember, Membership = Membership.Probationary, BirthDate = "1995-02-01", Sex = Sex.Male },
        });
        Assert.Equal("1995-02-01", own.BirthDate);

        var elsewhere = await Assert.ThrowsAsync<RpcException>(() => staff.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person { FullName = "Ngoài phạm vi", UnitId = OtherWard, Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = "1990-01-01", Sex = Sex.Female },
        }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, elsewhere.StatusCode);

        // Another ward's person and a missing one answer alike.
        var other = await RegisterAsync(OtherWard, "Hoàng Thị Vinh Hưng");
        var hidden = await Assert.ThrowsAsync<RpcException>(() => staff.GetPersonAsync(new GetPersonRequest { Id = other.Id }).ResponseAsync);
        var missing = await Assert.ThrowsAsync<RpcException>(() => staff.GetPersonAsync(new GetPersonRequest { Id = Guid.NewGuid().ToString() }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, hidden.StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, missing.StatusCode);

        var listed = await staff.ListPeopleAsync(new ListPeopleRequest { PageSize = 200 });
        Assert.Contains(listed.People, p => p.Id == own.Id);
        Assert.DoesNotContain(listed.People, p => p.UnitId == OtherWard);

        // A party member of the ward sees the record without birth date, sex or retirement date.
        var member = As(platform, PlatformRoles.PartyMember, Ward);
        var seen = await member.GetPersonAsync(new GetPersonRequest { Id = own.Id });
        Assert.Equal("Phạm Văn Phường", seen.FullName);
        Assert.Equal(("", Sex.Unspecified, ""), (seen.BirthDate, seen.Sex, seen.RetirementDate));
    }

    [Fact]
    public async Task Bad_input_names_the_field_and_writes_nothing()
    {
        var bad = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person { FullName = " ", UnitId = Ward, Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = "15/4/1980", Sex = Sex.Male },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("person.full_name", bad.Status.Detail);
        Assert.Contains("person.birth_date", bad.Status.Detail);

        var person = await RegisterAsync(Ward, "Đỗ Văn Điểm");
        var score = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreateRatingAsync(new CreateRatingRequest
        {
            PersonId = person.Id,
            Rating = new Rating { Period = "2026", RatingDate = "2026-11-20", GeneralScore = 31, TaskScore = 60 },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, score.StatusCode);
        Assert.Contains("rating.general_score", score.Status.Detail);

        // Before 366-QĐ/TW the grade is judged, not scored: the proposed grade is required.
        var judged = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreateRatingAsync(new CreateRatingRequest
        {
            PersonId = person.Id,
            Rating = new Rating { Period = "2024", RatingDate = "2024-12-20", GeneralScore = 28, TaskScore = 65 },
        }).ResponseAsync);
        Assert.Contains("rating.proposed_grade", judged.Status.Detail);
        Assert.Empty((await Cadres.ListRatingsAsync(new ListRatingsRequest { PersonId = person.Id })).Ratings);
    }

    [Fact]
    public async Task Rotation_needs_ten_years_of_service_left()
    {
        // Born June 1966: retires at 62 (in 2028) — far less than ten years away.
        var near = await RegisterAsync(Ward, "Võ Văn Luân Chuyển", birthDate: "1966-06-01");
        var refused = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreateTransferAsync(new CreateTransferRequest
        {
            PersonId = near.Id,
            Transfer = new Transfer { Kind = TransferKind.Rotation, ToUnitId = OtherWard, EffectiveDate = "2026-12-01" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("10 years", refused.Status.Detail);

        var young = await RegisterAsync(Ward, "Võ Thị Trẻ", birthDate: "1990-06-01");
        var rotated = await Cadres.CreateTransferAsync(new CreateTransferRequest
        {
            PersonId = young.Id,
            Transfer = new Transfer { Kind = TransferKind.Rotation, ToUnitId = OtherWard, EffectiveDate = "2026-12-01" },
        });
        Assert.Equal((Ward, OtherWard, "rotation-service-left/377-QD-TW"), (rotated.FromUnitId, rotated.ToUnitId, rotated.RuleId));
        Assert.Equal(OtherWard, (await Cadres.GetPersonAsync(new GetPersonRequest { Id = young.Id })).UnitId);
        Assert.Equal((1, 1), (await OutboxAsync("PersonRotated", young.Id), await OutboxAsync("PersonMoved", young.Id)));
        Assert.Equal((0, 0), (await OutboxAsync("PersonRotated", near.Id), await OutboxAsync("PersonMoved", near.Id)));

        // A plain transfer (điều động) has no service-left rule, and is told by PersonMoved only.
        var transferred = await Cadres.CreateTransferAsync(new CreateTransferRequest
        {
            PersonId = near.Id,
            Transfer = new Transfer { Kind = TransferKind.Transfer, ToUnitId = OtherWard, EffectiveDate = "2026-12-01" },
        });
        Assert.Equal((TransferKind.Transfer, OtherWard), (transferred.Kind, (await Cadres.GetPersonAsync(new GetPersonRequest { Id = near.Id })).UnitId));
        Assert.Equal((0, 1), (await OutboxAsync("PersonRotated", near.Id), await OutboxAsync("PersonMoved", near.Id)));

        // Training records are kept in the person's file.
        await Cadres.CreateTrainingRecordAsync(new CreateTrainingRecordRequest
        {
            PersonId = young.Id,
            TrainingRecord = new TrainingRecord { Program = "Trung cấp lý luận chính trị", Institution = "Trường Chính trị tỉnh Nghệ An", StartDate = "2025-03-01", EndDate = "2025-12-20" },
        });
        var training = Assert.Single((await Cadres.ListTrainingRecordsAsync(new ListTrainingRecordsRequest { PersonId = young.Id })).TrainingRecords);
        Assert.Equal(("Trung cấp lý luận chính trị", "2025-12-20"), (training.Program, training.EndDate));
    }

    /// <summary>Rows of an event type about one person in CadreWork's outbox.</summary>
    private Task<long> OutboxAsync(string eventType, string personId) =>
        platform.CountAsync("cadrework", "SELECT count(*) FROM outbox_messages WHERE message_type LIKE @type AND subject = @subject",
            ("type", $"%.{eventType}"), ("subject", $"people/{personId}"));

    [Fact]
    public async Task A_unit_whose_leader_was_disciplined_in_the_year_cannot_be_excellent()
    {
        // Units of this test's own, so the demo tree stays as the other tests expect it.
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var units = new OrgUnitsService.OrgUnitsServiceClient(platform.Grpc);
        var (capped, clean) = ($"xa-xep-loai-a-{suffix}", $"xa-xep-loai-b-{suffix}");
        foreach (var unit in new[] { capped, clean })
        {
            await units.CreateOrgUnitAsync(new CreateOrgUnitRequest
            {
                OrgUnitId = unit,
                OrgUnit = new OrgUnit { Name = $"Đảng bộ xã {unit}", Level = OrgUnitLevel.Commune, ParentId = "nghe-an", ValidFrom = "2025-07-01" },
            });
            var secretary = await Cadres.CreatePositionAsync(new CreatePositionRequest
            {
                OrgUnitId = unit, Position = new Position { Name = "Bí thư Đảng ủy xã", Leadership = true },
            });
            Assert.True(secretary.Leadership);
            var leader = await RegisterAsync(unit, $"Lãnh Đạo {unit}");
            await Cadres.CreateAppointmentAsync(new CreateAppointmentRequest
            {
                PersonId = leader.Id, Appointment = new Appointment { PositionId = secretary.Id, StartDate = "2026-01-05" },
            });
            if (unit == capped)
            {
                var discipline = new DisciplineImposed
                {
                    DisciplineId = Guid.NewGuid(), PersonId = Guid.Parse(leader.Id), UnitId = unit, Form = "Reprimand",
                    DecisionDate = new DateOnly(2026, 3, 10), DecisionNumber = "21-QĐ/UBKTTU",
                };
                await PublishAsSupervisionAsync(discipline);
                await Eventually.UntilAsync(async () => await Cadres.GetPersonAsync(new GetPersonRequest { Id = leader.Id }), p => p.Disciplines.Count == 1);
            }
        }

        // 93 points with every task on time would be HTXSNV for both.
        UnitRating Rating() => new() { Period = "2026", RatingDate = "2026-11-20", GeneralScore = 28, TaskScore = 65, AllTasksOnTime = true };
        var cappedRating = await Cadres.CreateUnitRatingAsync(new CreateUnitRatingRequest { UnitId = capped, UnitRating = Rating() });
        Assert.Equal((RatingGrade.Good, RatingGrade.Excellent, true), (cappedRating.Grade, cappedRating.UncappedGrade, cappedRating.LeadershipMemberDisciplined));
        Assert.Contains("rating/366-QD-TW", cappedRating.RuleIds);
        Assert.Contains("rating-cap/collective-leadership/124-QD-TW", cappedRating.RuleIds);
        Assert.Contains(cappedRating.CapReasons, r => r.Contains("124-QĐ/TW", StringComparison.Ordinal));

        // Beside one HTTNV commune, an HTXSNV one exceeds the province's 20% quota: it needs a reason.
        var cleanInput = Rating();
        cleanInput.QuotaOverrideReason = "Ban Thường vụ thống nhất: dẫn đầu khối xã.";
        var cleanRating = await Cadres.CreateUnitRatingAsync(new CreateUnitRatingRequest { UnitId = clean, UnitRating = cleanInput });
        Assert.Equal((RatingGrade.Excellent, false), (cleanRating.Grade, cleanRating.LeadershipMemberDisciplined));
        Assert.Empty(cleanRating.CapReasons);

        // One rating per unit and period.
        var again = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreateUnitRatingAsync(new CreateUnitRatingRequest { UnitId = capped, UnitRating = Rating() }).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, again.StatusCode);

        // Listed over JSON through the gateway's org-units route.
        using var listed = await platform.Json.GetAsync($"/v1/org-units/{capped}/ratings");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        var body = await listed.Content.ReadFromJsonAsync<JsonElement>();
        var only = Assert.Single(body.GetProperty("unitRatings").EnumerateArray());
        Assert.Equal(("RATING_GRADE_GOOD", cappedRating.Id), (only.GetProperty("grade").GetString(), only.GetProperty("id").GetString()));

        // Another ward's staff cannot rate the unit.
        var outsider = As(platform, PlatformRoles.UnitStaff, OtherWard);
        var denied = await Assert.ThrowsAsync<RpcException>(() => outsider.CreateUnitRatingAsync(new CreateUnitRatingRequest { UnitId = clean, UnitRating = Rating() }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
    }

    [Fact]
    public async Task Unit_ratings_keep_the_excellence_quota_among_the_units_of_the_organisation_above()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var units = new OrgUnitsService.OrgUnitsServiceClient(platform.Grpc);
        var commune = $"xa-chi-tieu-{suffix}";
        await units.CreateOrgUnitAsync(new CreateOrgUnitRequest
        {
            OrgUnitId = commune,
            OrgUnit = new OrgUnit { Name = $"Đảng bộ xã Chỉ Tiêu {suffix}", Level = OrgUnitLevel.Commune, ParentId = "nghe-an", ValidFrom = "2025-07-01" },
        });
        async Task<string> CellAsync(int i) => (await units.CreateOrgUnitAsync(new CreateOrgUnitRequest
        {
            OrgUnitId = $"chi-bo-chi-tieu-{i}-{suffix}",
            OrgUnit = new OrgUnit { Name = $"Chi bộ thôn {i}", Level = OrgUnitLevel.Cell, ParentId = commune, ValidFrom = "2025-07-01" },
        })).Id;
        UnitRating Scored(int general, int task) => new() { Period = "2026", RatingDate = "2026-11-20", GeneralScore = general, TaskScore = task, AllTasksOnTime = true };
        async Task<UnitRating> RateAsync(string unit, UnitRating rating) =>
            await Cadres.CreateUnitRatingAsync(new CreateUnitRatingRequest { UnitId = unit, UnitRating = rating });

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(RatingGrade.Good, (await RateAsync(await CellAsync(i), Scored(25, 55))).Grade);
        }

        // One HTXSNV cell against four HTTNV cells of the commune is 25%: refused, naming the rule.
        var best = await CellAsync(10);
        var refused = await Assert.ThrowsAsync<RpcException>(() => RateAsync(best, Scored(30, 65)));
        Assert.Equal(StatusCode.FailedPrecondition, refused.StatusCode);
        Assert.Contains("20%", refused.Status.Detail);
        Assert.Contains("124-QĐ/TW", refused.Status.Detail);
        Assert.Empty((await Cadres.ListUnitRatingsAsync(new ListUnitRatingsRequest { UnitId = best })).UnitRatings);

        // A fifth HTTNV cell makes one HTXSNV exactly 20%: allowed, no reason kept.
        Assert.Equal(RatingGrade.Good, (await RateAsync(await CellAsync(4), Scored(25, 55))).Grade);
        var within = await RateAsync(best, Scored(30, 65));
        Assert.Equal((RatingGrade.Excellent, "", commune), (within.Grade, within.QuotaOverrideReason, within.QuotaOrganisationId));
        Assert.DoesNotContain("rating-quota/20-percent/124-QD-TW", within.RuleIds);

        // A second HTXSNV cell is over it again; with a written reason it passes, and the reason is kept.
        var second = await CellAsync(11);
        Assert.Equal(StatusCode.FailedPrecondition, (await Assert.ThrowsAsync<RpcException>(() => RateAsync(second, Scored(29, 66)))).StatusCode);
        var overridden = Scored(29, 66);
        overridden.QuotaOverrideReason = "Đảng ủy xã thống nhất: chi bộ dẫn đầu phong trào chuyển đổi số.";
        var decided = await RateAsync(second, overridden);
        Assert.Equal((RatingGrade.Excellent, overridden.QuotaOverrideReason), (decided.Grade, decided.QuotaOverrideReason));
        Assert.Contains("rating-quota/20-percent/124-QD-TW", decided.RuleIds);

        using var listed = await platform.Json.GetAsync($"/v1/org-units/{second}/ratings");
        var body = await listed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(overridden.QuotaOverrideReason, Assert.Single(body.GetProperty("unitRatings").EnumerateArray()).GetProperty("quotaOverrideReason").GetString());
    }

    /// <summary>Publishes the event onto the run's RabbitMQ the way Supervision's outbox relay will.</summary>
    private Task PublishAsSupervisionAsync(DisciplineImposed discipline) =>
        RunBus.PublishAsync(platform, "nghean.supervision.discipline-imposed", discipline);
}
