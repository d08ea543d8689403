using System.Net.Http.Json;
using System.Text.Json;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Supervision.V1;
using Grpc.Core;
using Npgsql;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Issue #8: a discipline decided in Supervision reaches CadreWork and Emulation over RabbitMQ and
/// changes what they allow — no event published by hand.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DisciplineAcrossServicesTests(PlatformFixture platform)
{
    private const string Cell = "chi-bo-khoi-2-truong-vinh";

    [Fact]
    public async Task A_discipline_imposed_in_Supervision_refuses_the_pending_nomination_in_Emulation()
    {
        var person = await Cadres.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person { FullName = "Hoàng Văn Liên Thông", UnitId = Cell, Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = "1981-07-09", Sex = Sex.Male },
        });
        // Emulation knows people from CadreWork's PersonRegistered.
        Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync("emulation", "SELECT count(*) FROM people WHERE person_id = @id", person.Id), n => n == 1));

        var nomination = await PostAsync("/v1/nominations", new { awardCode = "giay-khen", year = 2026, personId = person.Id, achievement = "Vận động hiến đất mở rộng đường liên thôn" });
        Assert.Equal("NOMINATION_STATUS_PENDING", nomination.GetProperty("status").GetString());

        var discipline = await Supervision.CreateDisciplineAsync(new CreateDisciplineRequest
        {
            Discipline = new Discipline
            {
                UnitId = Cell, Subject = DisciplineSubject.FullMember, PersonId = person.Id, Form = DisciplineForm.Warning,
                DecisionDate = "2026-11-20", DecisionNumber = "44-QĐ/UBKTTU", Reason = "Vi phạm quy định về quản lý đất đai",
            },
        });

        // Supervision's outbox → RabbitMQ → Emulation's inbox opens a case against the person.
        Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync("emulation", "SELECT count(*) FROM person_cases WHERE person_id = @id", person.Id), n => n == 1));
        var refused = await PostAsync($"/v1/nominations/{nomination.GetProperty("id").GetString()}:appraise", new { appraisedOn = "2026-12-01" });
        Assert.Equal("NOMINATION_STATUS_REFUSED", refused.GetProperty("status").GetString());
        var reason = Assert.Single(refused.GetProperty("reasons").EnumerateArray());
        Assert.Equal("discipline-pending", reason.GetProperty("code").GetString());
        Assert.Contains("44-QĐ/UBKTTU", reason.GetProperty("message").GetString());

        // And CadreWork holds the same decision in the person's file.
        var file = await Eventually.UntilAsync(
            async () => await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id }),
            p => p.Disciplines.Count == 1);
        Assert.Equal("Warning", Assert.Single(file.Disciplines).Form);
        var position = await Cadres.CreatePositionAsync(new CreatePositionRequest { OrgUnitId = Cell, Position = new Position { Name = $"Phó Bí thư chi bộ {Guid.NewGuid():N}" } });
        var appointment = new CreateAppointmentRequest { PersonId = person.Id, Appointment = new Appointment { PositionId = position.Id, StartDate = "2026-12-10" } };
        var blocked = await Assert.ThrowsAsync<RpcException>(() => Cadres.CreateAppointmentAsync(appointment).ResponseAsync);
        Assert.Contains("Quy định 377-QĐ/TW", blocked.Status.Detail);

        // The appeal annuls it: CadreWork keeps the entry, marked, and no longer blocks the appointment;
        // Emulation closes the case, so a new nomination passes appraisal.
        await Supervision.DecideDisciplineAppealAsync(new DecideDisciplineAppealRequest
        {
            Id = discipline.Id, Outcome = AppealOutcome.Annulled, DecidedOn = "2026-12-02", DecisionNumber = "51-QĐ/UBKTTW",
        });
        var annulled = Assert.Single((await Eventually.UntilAsync(
            async () => await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id }),
            p => p.Disciplines.Single().AnnulledOn.Length > 0)).Disciplines);
        Assert.Equal(("2026-12-02", "51-QĐ/UBKTTW", ""), (annulled.AnnulledOn, annulled.AppealDecisionNumber, annulled.EligibleFrom));
        Assert.Equal(position.Id, (await Cadres.CreateAppointmentAsync(appointment)).PositionId);

        Assert.Equal(1, await Eventually.UntilAsync(() => CountAsync("emulation", "SELECT count(*) FROM person_cases WHERE person_id = @id AND closed_on IS NOT NULL", person.Id), n => n == 1));
        var second = await PostAsync("/v1/nominations", new { awardCode = "giay-khen", year = 2026, personId = person.Id, achievement = "Vận động hiến đất mở rộng đường liên thôn, đợt 2" });
        var appraised = await PostAsync($"/v1/nominations/{second.GetProperty("id").GetString()}:appraise", new { appraisedOn = "2026-12-03" });
        Assert.Equal("NOMINATION_STATUS_APPRAISED", appraised.GetProperty("status").GetString());
    }

    private CadresService.CadresServiceClient Cadres => new(platform.Grpc);

    private SupervisionService.SupervisionServiceClient Supervision => new(platform.Grpc);

    private async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await platform.Json.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonSerializer.Deserialize<JsonElement>(text);
    }

    private Task<long> CountAsync(string service, string sql, string id) => platform.CountAsync(service, sql, ("id", Guid.Parse(id)));
}
