using System.Text;
using System.Text.Json;
using NgheAn.Contracts.CadreWork.V1;
using NgheAn.Contracts.Supervision.V1;
using NgheAn.ServiceDefaults.Security;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Finding 6 of issue 15: what an analyst reads from the stream `nghean.events` with a plain AMQP
/// client holds the events of a new person and a denunciation, but none of their personal values
/// and no audit event; and finding 7: the audit trail shows which personal fields changed, not their values.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StreamPrivacyTests(PlatformFixture platform)
{
    private const string AuditRecordedType = "vn.nghean.audit.audit-recorded.v1";

    [Fact]
    public async Task The_stream_holds_the_events_of_a_person_and_a_denunciation_without_their_personal_values()
    {
        var (person, petition, personal) = await CreatePersonAndDenunciationAsync();

        var messages = await ReadStreamUntilAsync(types => types.Contains($"PersonRegistered:{person.Id}") && types.Contains($"PetitionReceived:{petition.Id}"));

        Assert.Contains(messages, m => m.Type == "vn.nghean.cadrework.person-registered.v1" && m.Subject == $"people/{person.Id}");
        Assert.Contains(messages, m => m.Type == "vn.nghean.supervision.petition-received.v1" && m.Subject == $"petitions/{petition.Id}");
        Assert.DoesNotContain(messages, m => m.Type == AuditRecordedType);
        foreach (var value in personal)
        {
            Assert.DoesNotContain(messages, m => m.Body.Contains(value, StringComparison.Ordinal));
        }

        // The person's event carries ids and codes only.
        var registered = messages.Single(m => m.Subject == $"people/{person.Id}" && m.Type.EndsWith("person-registered.v1", StringComparison.Ordinal));
        var data = JsonDocument.Parse(registered.Body).RootElement.GetProperty("data");
        Assert.Equal(person.Id, data.GetProperty("personId").GetString());
        Assert.False(data.TryGetProperty("fullName", out _));
    }

    [Fact]
    public async Task The_audit_trail_shows_changes_as_an_object_with_personal_fields_only_marked_changed()
    {
        var (person, petition, personal) = await CreatePersonAndDenunciationAsync();
        using var inspector = platform.JsonClientWithToken(DevelopmentTokens.Create([PlatformRoles.InspectionCommission], person: "uy-vien-ubkt-rieng-tu"));

        foreach (var (service, id, field) in new[] { ("cadrework", person.Id, "BirthDate"), ("supervision", petition.Id, "SubmitterIdNumber") })
        {
            var body = await Eventually.UntilAsync(
                () => inspector.GetStringAsync($"/v1/audit-entries?service={service}&entityId={id}"),
                text => JsonDocument.Parse(text).RootElement.TryGetProperty("auditEntries", out var entries) && entries.GetArrayLength() > 0);
            var changes = JsonDocument.Parse(body).RootElement.GetProperty("auditEntries")[0].GetProperty("changes");
            Assert.Equal(JsonValueKind.Object, changes.ValueKind);
            Assert.True(changes.GetProperty(field).GetProperty("changed").GetBoolean());
            Assert.False(changes.GetProperty(field).TryGetProperty("new", out _));
            // The person's name stays in the trail (the commission must know whom a change is about); the stream has no names.
            Assert.All(personal.Where(value => value != person.FullName), value => Assert.DoesNotContain(value, body, StringComparison.Ordinal));
        }
    }

    private async Task<(Person Person, Petition Petition, string[] Personal)> CreatePersonAndDenunciationAsync()
    {
        // Plain ASCII, unique to this test: found in the bytes however deep the JSON escapes them.
        var run = Random.Shared.NextInt64(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var birthDate = $"19{Random.Shared.Next(50, 80)}-0{Random.Shared.Next(1, 10)}-{Random.Shared.Next(10, 29)}";
        var submitter = new Submitter { Name = $"Tran Van Togiac {run}", Phone = $"09{run}", IdNumber = $"0401{run}", Address = $"So {run} ngo Kin Dao, Vinh" };

        var committee = DevelopmentTokens.Create([PlatformRoles.OrganizationCommittee], person: $"uy-vien-ban-to-chuc-{run}");
        var person = await new CadresService.CadresServiceClient(platform.GrpcChannelFor(committee)).CreatePersonAsync(new CreatePersonRequest
        {
            Person = new Person { FullName = $"Nguyen Thi Riengtu {run}", UnitId = "xa-kim-lien", Kind = PersonKind.Cadre, Membership = Membership.Full, BirthDate = birthDate, Sex = Sex.Female },
        });
        var petition = await new SupervisionService.SupervisionServiceClient(platform.Grpc).CreatePetitionAsync(new CreatePetitionRequest
        {
            Petition = new Petition
            {
                UnitId = "phuong-truong-vinh", Kind = PetitionKind.Denunciation, Source = PetitionSource.Citizen,
                Summary = "To cao can bo nhan tien cua dan", ReceivedOn = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7)).ToString("yyyy-MM-dd"),
                Submitter = submitter,
            },
        });
        return (person, petition, [birthDate, person.FullName, submitter.Name, submitter.Phone, submitter.IdNumber, submitter.Address]);
    }

    private sealed record StreamMessage(string Type, string Subject, string Body);

    /// <summary>
    /// Reads the run's stream from offset "first" with a plain AMQP 0.9.1 client (prefetch, manual
    /// acks) until <paramref name="done" /> holds for what was read ("PersonRegistered:{id}"…),
    /// then a few seconds more (events written in the same transactions come right behind).
    /// </summary>
    private async Task<List<StreamMessage>> ReadStreamUntilAsync(Func<HashSet<string>, bool> done)
    {
        var amqp = new UriBuilder(Environment.GetEnvironmentVariable("ConnectionStrings__rabbitmq")!) { Path = "/" + platform.RunId }.Uri;
        await using var connection = await new ConnectionFactory { Uri = amqp }.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await channel.BasicQosAsync(0, 500, false);
        var messages = new List<StreamMessage>();
        var seen = new HashSet<string>();
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            var body = Encoding.UTF8.GetString(delivery.Body.Span);
            var cloudEvent = JsonDocument.Parse(body).RootElement;
            var type = cloudEvent.GetProperty("type").GetString()!;
            var subject = cloudEvent.GetProperty("subject").GetString()!;
            lock (messages)
            {
                messages.Add(new StreamMessage(type, subject, body));
                var name = type.Split('.')[3] switch { "person-registered" => "PersonRegistered", "petition-received" => "PetitionReceived", var other => other };
                seen.Add($"{name}:{subject[(subject.IndexOf('/') + 1)..]}");
            }

            await channel.BasicAckAsync(delivery.DeliveryTag, false);
        };
        await channel.BasicConsumeAsync("nghean.events", autoAck: false, consumerTag: string.Empty, noLocal: false, exclusive: false,
            arguments: new Dictionary<string, object?> { ["x-stream-offset"] = "first" }, consumer);

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            lock (messages)
            {
                if (done(seen))
                {
                    break;
                }
            }

            await Task.Delay(200);
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
        lock (messages)
        {
            return [.. messages];
        }
    }
}
