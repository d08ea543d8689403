using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace NgheAn.EndToEnd.Tests;

/// <summary>
/// Issue 15: a one-off task due 9999-12-31 made GET /v1/tasks answer 500 for every province-wide
/// caller and stopped the overdue scanner for everyone, and its create answered 500 after the
/// commit. Now such a date is refused before anything is stored, and rows the API would refuse
/// (put straight into the database) neither break the list nor stop the scanner for other tasks.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BadStoredDataTests(PlatformFixture platform)
{
    private const string Ward = "phuong-truong-vinh";

    [Fact]
    public async Task A_task_due_9999_is_refused_before_anything_is_stored()
    {
        var document = await NewDocumentAsync();
        var title = $"Nhiệm vụ hạn 9999 {Guid.NewGuid():N}";

        using var response = await platform.Json.PostAsJsonAsync($"/v1/documents/{document}/tasks", new { title, leadUnitId = Ward, dueDate = "9999-12-31" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("task.due_date", out _), problem.ToString());
        Assert.Equal(0, await platform.CountAsync("directives", "SELECT count(*) FROM tasks WHERE title = @title", ("title", title)));
    }

    [Fact]
    public async Task Odd_stored_tasks_neither_break_the_list_nor_stop_the_overdue_scanner()
    {
        var document = await NewDocumentAsync();
        var template = await CreateTaskAsync(document, "Mẫu", start: null, due: "2100-12-31");

        // Rows the API refuses today, with ids the scanner reaches before any task created now.
        var farFuture = Guid.Parse("00000000-0000-7000-8000-000000000001");
        var withoutDue = Guid.Parse("00000000-0000-7000-8000-000000000002");
        await ExecuteAsync(
            "CREATE TEMP TABLE odd AS SELECT * FROM tasks WHERE id = @template;" +
            "UPDATE odd SET id = @far, due_date = '9999-12-31', start_date = '2020-01-01';" +
            "INSERT INTO tasks SELECT * FROM odd;" +
            "UPDATE odd SET id = @none, due_date = NULL, start_date = '2020-01-01';" +
            "INSERT INTO tasks SELECT * FROM odd;",
            ("template", Guid.Parse(template)), ("far", farFuture), ("none", withoutDue));
        try
        {
            // A task that is overdue at once: the scanner still gets to it past the odd rows.
            var good = await CreateTaskAsync(document, "Báo cáo quá hạn", start: "2020-01-01", due: "2020-02-03");
            var notices = await Eventually.UntilAsync(
                () => platform.CountAsync("directives", "SELECT count(*) FROM task_overdue_notices WHERE task_id = @id", ("id", Guid.Parse(good))),
                n => n == 1);
            Assert.Equal(1, notices);

            // Province-wide and for the document: the list answers, odd rows included, shown as stored.
            using var all = await platform.Json.GetAsync("/v1/tasks?page_size=200");
            Assert.Equal(HttpStatusCode.OK, all.StatusCode);
            var list = await GetJsonAsync($"/v1/tasks?document_id={document}");
            var byId = list.GetProperty("tasks").EnumerateArray().ToDictionary(t => t.GetProperty("id").GetString()!);
            Assert.Equal("9999-12-31", byId[farFuture.ToString()].GetProperty("dueDate").GetString());
            Assert.False(byId[farFuture.ToString()].GetProperty("overdue").GetBoolean());
            Assert.True(byId.ContainsKey(withoutDue.ToString()));
            Assert.True(byId[good].GetProperty("overdue").GetBoolean());
            using var one = await platform.Json.GetAsync($"/v1/tasks/{farFuture}");
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        }
        finally
        {
            await ExecuteAsync("DELETE FROM tasks WHERE id IN (@far, @none)", ("far", farFuture), ("none", withoutDue));
        }
    }

    private async Task<string> NewDocumentAsync()
    {
        // Numbers are unique per issuer, type and term: a random one no other test takes (retried on a clash).
        for (var attempt = 0; ; attempt++)
        {
            var symbol = $"{Random.Shared.Next(5000, 9000)}-KH/TU";
            using var response = await platform.Json.PostAsJsonAsync("/v1/documents", new { symbol, title = "Kế hoạch kiểm tra dữ liệu lạ", issueDate = "2024-06-05" });
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Conflict && attempt < 5)
            {
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
            return JsonSerializer.Deserialize<JsonElement>(body).GetProperty("id").GetString()!;
        }
    }

    private async Task<string> CreateTaskAsync(string document, string title, string? start, string due)
    {
        using var response = await platform.Json.PostAsJsonAsync($"/v1/documents/{document}/tasks", new { title, leadUnitId = Ward, startDate = start ?? "", dueDate = due });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<JsonElement>(body).GetProperty("id").GetString()!;
    }

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await platform.Json.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        return JsonSerializer.Deserialize<JsonElement>(body);
    }

    private async Task ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = platform.OpenDatabase(platform.DatabaseOf("directives"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
