using System.Collections.Concurrent;
using System.Diagnostics;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>Runs the command-line tools the checks need: kubectl (kustomize) and dotnet msbuild.</summary>
public static class Tools
{
    private static readonly ConcurrentDictionary<string, Lazy<string>> Renders = new();

    /// <summary>`kubectl kustomize DIR`, once per directory.</summary>
    public static string Kustomize(string directory) =>
        Renders.GetOrAdd(directory, dir => new Lazy<string>(() => Run(Kubectl, ["kustomize", dir]))).Value;

    public static string Run(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? stdout
            : throw new InvalidOperationException($"`{program} {string.Join(' ', start.ArgumentList)}` failed ({process.ExitCode}):\n{stderr.Result}");
    }

    private static string Kubectl { get; } = FindOnPath("kubectl")
        ?? throw new InvalidOperationException(
            "kubectl is not on PATH. The deployment tests render k8s/ with `kubectl kustomize` (kubectl 1.27+ " +
            "includes kustomize 5); install kubectl (e.g. the Debian/Ubuntu package kubernetes-client or the " +
            "upstream binary) and run the tests again.");

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
