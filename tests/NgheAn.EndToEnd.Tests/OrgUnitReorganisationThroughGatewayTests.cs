using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Directives.V1;
using NgheAn.ServiceDefaults.Security;
using Npgsql;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Merging and renaming units through the gateway, on units the test creates (the demo tree stays
/// as the other tests expect it): people move, the tree as of the day before shows the old units
/// and names, and Directives' copy of the tree follows, so the successor's staff read a document
/// of a merged unit.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class OrgUnitReorganisationThroughGatewayTests(PlatformFixture platform)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private OrgUnitsService.OrgUnitsServiceClient Units => new(platform.Grpc);

    private CadresService.CadresServiceClient Cadres => new(platform.Grpc);

    private async Task<OrgUnit> CommuneAsync(string id, string name, string parent = "nghe-an", OrgUnitLevel level = OrgUnitLevel.Commune) =>
        await Units.CreateOrgUnitAsync(new CreateOrgUnitRequest
        {
            OrgUnitId = id,
            OrgUnit = new OrgUnit { Name = name, Level = level, ParentId = parent, ValidFrom = "2025-07-01" },
        });

    private async Task<Person> RegisterAsync(string unit, string name) =>
        await Cadres.CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person { FullName = name, UnitId = unit, Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = "1982-05-06", Sex = Sex.Female },
        });

    [Fact]
    public async Task Merging_two_communes_moves_people_keeps_history_and_reaches_Directives()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (a, b, successor) = ($"xa-a-{suffix}", $"xa-b-{suffix}", $"xa-moi-{suffix}");
        await CommuneAsync(a, $"Đảng bộ xã A {suffix}");
        await CommuneAsync(b, $"Đảng bộ xã B {suffix}");
        var cell = await CommuneAsync($"chi-bo-1-{suffix}", "Chi bộ thôn 1", parent: a, level: OrgUnitLevel.Cell);
        var inA = await RegisterAsync(a, "Nguyễn Thị Sáp Nhập");
        var inB = await RegisterAsync(b, "Trần Văn Hợp Nhất");
        // Open records of xã A: a post defined there and a commitment not yet reviewed.
        var post = await Cadres.CreatePositionAsync(new CreatePositionRequest { OrgUnitId = a, Position = new Position { Name = $"Bí thư Đảng ủy xã A {suffix}", Leadership = true } });
        await Cadres.CreateCommitmentAsync(new CreateCommitmentRequest { PersonId = inA.Id, Commitment = new Commitment { Period = "2025-12", Content = "Gương mẫu nơi cư trú" } });
        var document = await new DirectivesService.DirectivesServiceClient(platform.Grpc).CreateDocumentAsync(new CreateDocumentRequest
        {
            Document = new Document
            {
                Symbol = $"{Random.Shared.Next(100, 100_000)}-TB/TU", Title = $"Thông báo của xã A {suffix}", IssueDate = "2025-11-04", UnitId = a,
            },
        });

        // The successor's staff cannot read xã A's document before the merge (their unit does not exist yet).
        var staffOfSuccessor = new DirectivesService.DirectivesServiceClient(
            platform.GrpcChannelFor(DevelopmentTokens.Create([PlatformRoles.UnitStaff], successor, person: $"staff-{suffix}")));

        // Not for unit-scoped roles.
        var denied = await Assert.ThrowsAsync<RpcException>(() => new OrgUnitsService.OrgUnitsServiceClient(
                platform.GrpcChannelFor(DevelopmentTokens.Create([PlatformRoles.UnitStaff], a, person: $"a-{suffix}")))
            .MergeOrgUnitsAsync(new MergeOrgUnitsRequest { MergedUnitIds = { a, b }, EffectiveDate = "2026-01-01", SuccessorId = a }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        // Merge over JSON: the AIP custom method through the gateway.
        using var merge = await platform.Json.PostAsJsonAsync("/v1/org-units:merge", new
        {
            mergedUnitIds = new[] { a, b },
            effectiveDate = "2026-01-01",
            successor = new { orgUnitId = successor, orgUnit = new { name = $"Đảng bộ xã Mới {suffix}" } },
        });
        var body = await merge.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(merge.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(2, body.GetProperty("peopleMoved").GetInt32());
        var created = body.GetProperty("successor");
        Assert.Equal([a, b], created.GetProperty("predecessorIds").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("2026-01-01", created.GetProperty("validFrom").GetString());
        Assert.Equal("ORG_UNIT_LEVEL_COMMUNE", created.GetProperty("level").GetString());
        Assert.All(body.GetProperty("mergedUnits").EnumerateArray(), u => Assert.Equal("2025-12-31", u.GetProperty("validTo").GetString()));

        // People moved, with a Reorganisation transfer in their file.
        Assert.Equal(successor, (await Cadres.GetPersonAsync(new GetPersonRequest { Id = inA.Id })).UnitId);
        Assert.Equal(successor, (await Cadres.GetPersonAsync(new GetPersonRequest { Id = inB.Id })).UnitId);
        var transfer = Assert.Single((await Cadres.ListTransfersAsync(new ListTransfersRequest { PersonId = inA.Id })).Transfers);
        Assert.Contains((await Cadres.ListPositionsAsync(new ListPositionsRequest { OrgUnitId = successor })).Positions, p => p.Id == post.Id);
        Assert.Equal(1, await platform.CountAsync("cadrework", "SELECT count(*) FROM commitments WHERE person_id = @p AND unit_id = @u",
            ("p", Guid.Parse(inA.Id)), ("u", successor)));
        Assert.Equal((TransferKind.Reorganisation, a, successor, "2026-01-01"), (transfer.Kind, transfer.FromUnitId, transfer.ToUnitId, transfer.EffectiveDate));

        // The day before, the old communes with the cell under A (its former parent is kept); on the
        // day, the successor, with the cell under it.
        var dayBefore = await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = "nghe-an", AsOfDate = "2025-12-31", PageSize = 500 });
        Assert.Contains(a, dayBefore.OrgUnits.Select(u => u.Id));
        Assert.Contains(b, dayBefore.OrgUnits.Select(u => u.Id));
        Assert.DoesNotContain(successor, dayBefore.OrgUnits.Select(u => u.Id));
        var onTheDay = await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = "nghe-an", AsOfDate = "2026-01-01", PageSize = 500 });
        Assert.Contains(successor, onTheDay.OrgUnits.Select(u => u.Id));
        Assert.DoesNotContain(a, onTheDay.OrgUnits.Select(u => u.Id));
        Assert.Equal(a, dayBefore.OrgUnits.Single(u => u.Id == cell.Id).ParentId);
        Assert.Equal(successor, onTheDay.OrgUnits.Single(u => u.Id == cell.Id).ParentId);
        var underA = await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = a, AsOfDate = "2025-12-31" });
        Assert.Equal([a, cell.Id], underA.OrgUnits.Select(u => u.Id).ToArray());
        Assert.Equal((a, $"tw/nghe-an/{a}/{cell.Id}"), (underA.OrgUnits[1].ParentId, underA.OrgUnits[1].Path));
        Assert.Empty((await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = a, AsOfDate = "2026-01-01" })).OrgUnits);
        Assert.Empty((await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = successor, AsOfDate = "2025-12-31" })).OrgUnits);
        var after = await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = successor, AsOfDate = "2026-01-01" });
        Assert.Equal([successor, cell.Id], after.OrgUnits.Select(u => u.Id).ToArray());
        Assert.Equal($"tw/nghe-an/{successor}/{cell.Id}", after.OrgUnits[1].Path);
        Assert.Equal([successor], (await Units.GetOrgUnitAsync(new GetOrgUnitRequest { Id = a })).SuccessorIds);

        // A closed unit is not merged again; the refusal names the field and changes nothing.
        var again = await Assert.ThrowsAsync<RpcException>(() => Units.MergeOrgUnitsAsync(
            new MergeOrgUnitsRequest { MergedUnitIds = { a }, EffectiveDate = "2026-02-01", SuccessorId = b }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, again.StatusCode);
        Assert.Contains("merged_unit_ids[0]", again.Status.Detail);
        Assert.Contains("successor_id", again.Status.Detail);

        // Directives' copy of the tree follows: A closed, the cell under the successor …
        Assert.True(await EventuallyAsync(async () => await CopyInDirectivesAsync(a, cell.Id) == ("2025-12-31", $"tw/nghe-an/{successor}/{cell.Id}")));

        // … and the successor's staff read the document xã A issued before the merge.
        var read = await EventuallyAsync(async () =>
        {
            try
            {
                return (await staffOfSuccessor.GetDocumentAsync(new GetDocumentRequest { Id = document.Id })).Id == document.Id;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.PermissionDenied)
            {
                return false;
            }
        });
        Assert.True(read);
    }

    [Fact]
    public async Task A_merge_with_a_future_date_moves_people_and_sub_units_when_the_date_comes()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (a, successor, other) = ($"xa-hen-a-{suffix}", $"xa-hen-b-{suffix}", $"xa-hen-c-{suffix}");
        await CommuneAsync(a, $"Đảng bộ xã Hẹn A {suffix}");
        await CommuneAsync(successor, $"Đảng bộ xã Hẹn B {suffix}");
        await CommuneAsync(other, $"Đảng bộ xã Hẹn C {suffix}");
        var cell = await CommuneAsync($"chi-bo-hen-{suffix}", "Chi bộ thôn Hẹn", parent: a, level: OrgUnitLevel.Cell);
        var person = await RegisterAsync(a, "Đặng Thị Chờ Ngày");
        var effective = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(10);
        string Text(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var merge = await Units.MergeOrgUnitsAsync(new MergeOrgUnitsRequest { MergedUnitIds = { a }, EffectiveDate = Text(effective), SuccessorId = successor });
        Assert.Equal((true, 0), (merge.Scheduled, merge.PeopleMoved));
        Assert.Equal(Text(effective.AddDays(-1)), Assert.Single(merge.MergedUnits).ValidTo);

        // Until the date the old unit stays current: the person, the cell, the successor's
        // predecessors, Directives' copy. The scanner runs every two seconds; give it turns to act.
        await Task.Delay(TimeSpan.FromSeconds(6));
        Assert.Equal(a, (await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id })).UnitId);
        Assert.Empty((await Cadres.ListTransfersAsync(new ListTransfersRequest { PersonId = person.Id })).Transfers);
        Assert.Equal([a, cell.Id], (await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = a })).OrgUnits.Select(u => u.Id).ToArray());
        Assert.Empty((await Units.GetOrgUnitAsync(new GetOrgUnitRequest { Id = successor })).PredecessorIds);
        Assert.Equal((null, $"tw/nghe-an/{a}/{cell.Id}"), await CopyInDirectivesAsync(a, cell.Id));

        // The successor cannot close before it takes over; the refusal names the field.
        var early = await Assert.ThrowsAsync<RpcException>(() => Units.MergeOrgUnitsAsync(
            new MergeOrgUnitsRequest { MergedUnitIds = { successor }, EffectiveDate = Text(effective), SuccessorId = other }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, early.StatusCode);
        Assert.Contains("merged_unit_ids[0]", early.Status.Detail);
        Assert.Contains("takes over", early.Status.Detail);

        platform.SetClockOffset("cadrework", TimeSpan.FromDays(11));
        try
        {
            Assert.True(await EventuallyAsync(async () => (await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id })).UnitId == successor));
            var transfer = Assert.Single((await Cadres.ListTransfersAsync(new ListTransfersRequest { PersonId = person.Id })).Transfers);
            Assert.Equal((TransferKind.Reorganisation, a, successor, Text(effective)), (transfer.Kind, transfer.FromUnitId, transfer.ToUnitId, transfer.EffectiveDate));
            var now = await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = successor });
            Assert.Equal([successor, cell.Id], now.OrgUnits.Select(u => u.Id).ToArray());
            Assert.Equal([a], now.OrgUnits[0].PredecessorIds);
            Assert.True(await EventuallyAsync(async () =>
                await CopyInDirectivesAsync(a, cell.Id) == (Text(effective.AddDays(-1)), $"tw/nghe-an/{successor}/{cell.Id}")));

            // The day before the date, the cell still hangs under A.
            var before = await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = a, AsOfDate = Text(effective.AddDays(-1)) });
            Assert.Equal([a, cell.Id], before.OrgUnits.Select(u => u.Id).ToArray());
            Assert.Equal(a, before.OrgUnits[1].ParentId);
        }
        finally
        {
            platform.SetClockOffset("cadrework", TimeSpan.Zero);
        }
    }

    /// <summary>Directives' copy of the tree: a unit's valid_to and another's path.</summary>
    private async Task<(string? ValidTo, string? Path)> CopyInDirectivesAsync(string closedId, string movedId)
    {
        await using var connection = platform.OpenDatabase(platform.DatabaseOf("directives"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT valid_to::text FROM org_units WHERE id = @a), (SELECT path FROM org_units WHERE id = @b)", connection);
        command.Parameters.AddWithValue("a", closedId);
        command.Parameters.AddWithValue("b", movedId);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    [Fact]
    public async Task A_rename_keeps_the_unit_and_the_tree_as_of_the_day_before_shows_the_old_name()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var id = $"xa-doi-ten-{suffix}";
        await CommuneAsync(id, $"Đảng bộ xã Cũ {suffix}");
        var person = await RegisterAsync(id, "Lê Văn Đổi Tên");

        using var rename = await platform.Json.PostAsJsonAsync($"/v1/org-units/{id}:rename", new { name = $"Đảng bộ phường Mới {suffix}", effectiveDate = "2026-03-01" });
        Assert.True(rename.IsSuccessStatusCode, await rename.Content.ReadAsStringAsync());

        string NameOn(ListOrgUnitsResponse list) => Assert.Single(list.OrgUnits).Name;
        Assert.Equal($"Đảng bộ xã Cũ {suffix}", NameOn(await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = id, AsOfDate = "2026-02-28" })));
        Assert.Equal($"Đảng bộ phường Mới {suffix}", NameOn(await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = id, AsOfDate = "2026-03-01" })));
        Assert.Equal(id, (await Cadres.GetPersonAsync(new GetPersonRequest { Id = person.Id })).UnitId);

        // The effective date must come after the last rename; the error names the field.
        using var early = await platform.Json.PostAsJsonAsync($"/v1/org-units/{id}:rename", new { name = "Tên khác", effectiveDate = "2026-03-01" });
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var problem = await early.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("effective_date", out _), problem.ToString());
    }

    [Fact]
    public async Task A_rename_with_a_future_date_reaches_the_other_services_on_that_date()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var id = $"xa-hen-ten-{suffix}";
        var (old, renamed) = ($"Đảng bộ xã Hẹn Tên {suffix}", $"Đảng bộ phường Hẹn Tên {suffix}");
        await CommuneAsync(id, old);
        Assert.True(await EventuallyAsync(async () => await NameInDirectivesAsync(id) == old));
        var effective = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).AddDays(10);
        string Text(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        await Units.RenameOrgUnitAsync(new RenameOrgUnitRequest { Id = id, Name = renamed, EffectiveDate = Text(effective) });

        // Until the date the unit reads with its old name, here and in Directives' copy; the tree as of the date shows the new one.
        await Task.Delay(TimeSpan.FromSeconds(6)); // the scanner runs every two seconds
        Assert.Equal(old, (await Units.GetOrgUnitAsync(new GetOrgUnitRequest { Id = id })).Name);
        Assert.Equal(renamed, Assert.Single((await Units.ListOrgUnitsAsync(new ListOrgUnitsRequest { RootId = id, AsOfDate = Text(effective) })).OrgUnits).Name);
        Assert.Equal(old, await NameInDirectivesAsync(id));

        platform.SetClockOffset("cadrework", TimeSpan.FromDays(11));
        try
        {
            Assert.True(await EventuallyAsync(async () => await NameInDirectivesAsync(id) == renamed));
            Assert.Equal(renamed, (await Units.GetOrgUnitAsync(new GetOrgUnitRequest { Id = id })).Name);
        }
        finally
        {
            platform.SetClockOffset("cadrework", TimeSpan.Zero);
        }
    }

    private async Task<string?> NameInDirectivesAsync(string id)
    {
        await using var connection = platform.OpenDatabase(platform.DatabaseOf("directives"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT name FROM org_units WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync() as string;
    }

    [Fact]
    public async Task A_split_sends_each_person_to_the_assigned_or_default_successor()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var id = $"xa-tach-{suffix}";
        await CommuneAsync(id, $"Đảng bộ xã Tách {suffix}");
        var stays = await RegisterAsync(id, "Phan Thị Mặc Định");
        var assigned = await RegisterAsync(id, "Võ Văn Được Giao");
        var (north, south) = ($"xa-bac-{suffix}", $"xa-nam-{suffix}");

        var split = await Units.SplitOrgUnitAsync(new SplitOrgUnitRequest
        {
            Id = id,
            EffectiveDate = "2026-04-01",
            Successors =
            {
                new NewOrgUnit { OrgUnitId = north, OrgUnit = new OrgUnit { Name = $"Đảng bộ xã Bắc {suffix}" } },
                new NewOrgUnit { OrgUnitId = south, OrgUnit = new OrgUnit { Name = $"Đảng bộ xã Nam {suffix}" } },
            },
            DefaultSuccessorId = north,
            Assignments = { new PersonAssignment { PersonId = assigned.Id, SuccessorId = south } },
        });
        Assert.Equal(("2026-03-31", 2), (split.OrgUnit.ValidTo, split.PeopleMoved));
        Assert.All(split.Successors, s => Assert.Equal([id], s.PredecessorIds));
        Assert.Equal(north, (await Cadres.GetPersonAsync(new GetPersonRequest { Id = stays.Id })).UnitId);
        Assert.Equal(south, (await Cadres.GetPersonAsync(new GetPersonRequest { Id = assigned.Id })).UnitId);

        // Bad input names the field; nothing is written (the successor ids stay free).
        var bad = await Assert.ThrowsAsync<RpcException>(() => Units.SplitOrgUnitAsync(new SplitOrgUnitRequest
        {
            Id = north,
            EffectiveDate = "2026-04-01",
            Successors =
            {
                new NewOrgUnit { OrgUnitId = $"xa-bac-1-{suffix}", OrgUnit = new OrgUnit { Name = "Một" } },
                new NewOrgUnit { OrgUnitId = $"xa-bac-2-{suffix}", OrgUnit = new OrgUnit { Name = "Hai" } },
            },
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Contains("effective_date", bad.Status.Detail);
        var missing = await Assert.ThrowsAsync<RpcException>(() => Units.GetOrgUnitAsync(new GetOrgUnitRequest { Id = $"xa-bac-1-{suffix}" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    private static Task<bool> EventuallyAsync(Func<Task<bool>> done) => Eventually.UntilAsync(done, ok => ok, Patience);
}
