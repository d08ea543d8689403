using System.Diagnostics;
using System.Text.Json.Nodes;
using NgheAn.Messaging.Lab;

namespace NgheAn.Messaging.Tests;

/// <summary>
/// The servers scripts/test.sh started (PostgreSQL, RabbitMQ with management), shared with the other
/// test projects: these tests use databases named msgtest_* and a RabbitMQ virtual host of their own.
/// </summary>
public static class Servers
{
    public static readonly string RepoRoot = FindRepoRoot();

    public static string Postgres => Required("ConnectionStrings__postgres");

    public static string RabbitMq => Required("ConnectionStrings__rabbitmq");

    public static Uri Management => new(Required("NGHEAN_RABBITMQ_MANAGEMENT_URL"));

    /// <summary>The number of messages ready in a queue (null while the queue does not exist).</summary>
    public static async Task<long?> QueueMessagesAsync(Uri management, string vhost, string queue)
    {
        using var http = LabServers.ManagementClient(management);
        using var response = await http.GetAsync($"queues/{Uri.EscapeDataString(vhost)}/{Uri.EscapeDataString(queue)}");
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        return json?["messages_ready"]?.GetValue<long>() ?? 0;
    }

    /// <summary>Runs a script of the repository with a deadline; returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunScriptAsync(string script, IEnumerable<string> args, TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(Path.Combine(RepoRoot, "scripts", script))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/{script} {string.Join(' ', start.ArgumentList)} did not finish within {timeout}: {await output}{await error}");
        }

        return (process.ExitCode, await output + await error);
    }

    /// <summary>Polls until the condition holds, or fails the test after the timeout.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<Task<string>> describe)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > timeout)
            {
                Assert.Fail($"Not reached within {timeout}: {await describe()}");
            }

            await Task.Delay(200);
        }
    }

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{name} is not set. Run the tests with scripts/test.sh, which starts the servers and sets it.");

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NgheAn.Platform.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NgheAn.Platform.sln not found above " + AppContext.BaseDirectory);
    }
}
