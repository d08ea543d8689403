using System.Diagnostics;

namespace NgheAn.Contracts.Tests;

/// <summary>The protos pass buf lint with the module's own buf.yaml, using the repo's pinned buf.</summary>
public class BufLintTests
{
    private static readonly string RepoRoot = FindRepoRoot();
    private static readonly string ContractsDir = Path.Combine(RepoRoot, "services", "Contracts");

    [Fact]
    public async Task Contracts_module_passes_buf_lint()
    {
        var (exitCode, output) = await RunBufLintAsync(ContractsDir);

        Assert.True(exitCode == 0, $"buf lint exited with {exitCode} in {ContractsDir}:\n{output}");
    }

    [Fact]
    public async Task A_badly_named_message_fails_buf_lint()
    {
        // Proves the lint test above can fail: the same module plus one proto breaking a STANDARD rule.
        var copy = Directory.CreateTempSubdirectory("nghean-buf-lint-");
        try
        {
            File.Copy(Path.Combine(ContractsDir, "buf.yaml"), Path.Combine(copy.FullName, "buf.yaml"));
            CopyDirectory(Path.Combine(ContractsDir, "third_party"), Path.Combine(copy.FullName, "third_party"));
            CopyDirectory(Path.Combine(ContractsDir, "protos"), Path.Combine(copy.FullName, "protos"));
            var bad = Path.Combine(copy.FullName, "protos", "nghean", "bad", "v1", "bad.proto");
            Directory.CreateDirectory(Path.GetDirectoryName(bad)!);
            await File.WriteAllTextAsync(bad, """
                syntax = "proto3";

                package nghean.bad.v1;

                message lower_case {
                  string name = 1;
                }
                """);

            var (exitCode, output) = await RunBufLintAsync(copy.FullName, "--error-format=json");

            Assert.True(exitCode != 0, $"buf lint accepted a lower_case message name:\n{output}");
            // Fail for the planted reason, not because the copy is broken.
            Assert.Contains("MESSAGE_PASCAL_CASE", output, StringComparison.Ordinal);
            Assert.Contains("protos/nghean/bad/v1/bad.proto", output, StringComparison.Ordinal);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunBufLintAsync(string moduleDir, params string[] extraArgs)
    {
        var buf = Path.Combine(RepoRoot, "scripts", "node_modules", ".bin", "buf");
        // A missing tool must fail loudly: a skipped lint would let bad protos through unnoticed.
        Assert.True(File.Exists(buf), $"buf not found at {buf}; run `scripts/servers.sh install` (npm ci in scripts/).");

        var start = new ProcessStartInfo(buf)
        {
            WorkingDirectory = moduleDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("lint");
        foreach (var arg in extraArgs) start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        // Read both streams while waiting so a full pipe cannot block buf.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"buf lint did not finish within 2 minutes in {moduleDir}.");
        }
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NgheAn.Platform.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains NgheAn.Platform.sln.");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
