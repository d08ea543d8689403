using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using k8s.Models;
using NgheAn.Deployment.Tests.Policies;

namespace NgheAn.Deployment.Tests;

/// <summary>
/// Runs Redis's container as the production overlay renders it — its command, its redis.conf, its
/// readiness probe — with the machine's redis-server (scripts/servers.sh install), each mount a
/// folder of its own: the configuration is accepted, the password reaches Redis through files only,
/// and an acknowledged write survives the process being killed.
/// </summary>
public sealed class RedisContainerTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("nghean-redis-");
    private readonly string _password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
    private readonly int _port = FreePort();
    private readonly V1Container _redis;
    private readonly V1ConfigMap _config;
    private Process? _server;

    public RedisContainerTests()
    {
        var manifests = Overlays.Production;
        var statefulSet = Workloads.OfKind<V1StatefulSet>(manifests).Single(s => s.Metadata.Name == "redis");
        _redis = statefulSet.Spec.Template.Spec.Containers.Single(c => c.Name == "redis");
        var configMap = statefulSet.Spec.Template.Spec.Volumes.Single(v => v.ConfigMap is not null).ConfigMap.Name;
        _config = Workloads.OfKind<V1ConfigMap>(manifests).Single(c => c.Metadata.Name == configMap);
    }

    [Fact]
    public void Redis_starts_from_its_manifest_keeps_the_password_in_files_and_keeps_writes_when_killed()
    {
        // The mounts: redis.conf from the ConfigMap (on a free loopback port, its dir in the test's
        // folder), the Secret's file, empty folders for the rest.
        var conf = _config.Data["redis.conf"]
            .Replace("\nport 6379\n", $"\nport {_port}\n", StringComparison.Ordinal)
            .Replace("\nbind * -::*\n", "\nbind 127.0.0.1\n", StringComparison.Ordinal)
            .Replace("\ndir /data\n", $"\ndir {Local("/data")}\n", StringComparison.Ordinal);
        Assert.Contains($"port {_port}", conf, StringComparison.Ordinal);
        foreach (var mount in _redis.VolumeMounts)
        {
            Directory.CreateDirectory(mount.SubPath is null ? Local(mount.MountPath) : Path.GetDirectoryName(Local(mount.MountPath))!);
        }

        File.WriteAllText(Local("/etc/redis/redis.conf"), conf);
        File.WriteAllText(Local("/etc/redis/secret/password"), _password);

        Start();
        Assert.Equal("OK", Cli("SET nghean:gateway:idempotency:test done EX 86400").Last());
        // The password reached Redis through files only: none of the container's arguments or
        // variables carries it, and the config file it was written to is readable by Redis's user alone.
        Assert.DoesNotContain(_redis.Env ?? [], e => e.ValueFrom?.SecretKeyRef is not null);
        Assert.DoesNotContain(_redis.Command.Concat(_redis.Args), a => a.Contains("$(", StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, new FileInfo(Local("/run/redis/redis.conf")).UnixFileMode);
        Assert.Contains(_password, File.ReadAllText(Local("/run/redis/redis.conf")), StringComparison.Ordinal);

        Assert.Contains("aof_enabled:1", Cli("INFO persistence"));

        // A killed process (OOMKilled, SIGKILL) loses no acknowledged write: it reached the kernel.
        _server!.Kill();
        _server.WaitForExit();
        Start();
        Assert.Equal("done", Cli("GET nghean:gateway:idempotency:test").Last());
        Assert.Contains("WRONGPASS", string.Join('\n', Run(ProbeWith("wrong-password"), out _)), StringComparison.Ordinal);
    }

    /// <summary>Runs the container's command and waits until its readiness probe passes.</summary>
    private void Start()
    {
        var start = new ProcessStartInfo(_redis.Command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in _redis.Command.Skip(1).Concat(_redis.Args))
        {
            start.ArgumentList.Add(Localize(argument));
        }

        _server = Process.Start(start)!;
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _server.OutputDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        _server.ErrorDataReceived += (_, e) => output.Enqueue(e.Data ?? "");
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        var probe = _redis.ReadinessProbe.Exec.Command.Select(Localize).Select(ToLocalPort).ToList();
        var deadline = Stopwatch.StartNew();
        for (Run(probe, out var exitCode); exitCode != 0; Run(probe, out exitCode))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(15) && !_server.HasExited,
                "Redis did not turn ready (is redis-server installed? scripts/servers.sh install):\n" + string.Join('\n', output));
            Thread.Sleep(100);
        }
    }

    /// <summary>One command, authenticated the way the readiness probe does it (through a pipe).</summary>
    private List<string> Cli(string command) =>
        Run(["sh", "-c", $"{{ printf 'AUTH '; cat {Local("/etc/redis/secret/password")}; printf '\\n{command}\\n'; }} | redis-cli -p {_port}"], out _);

    private List<string> ProbeWith(string password)
    {
        File.WriteAllText(Local("/etc/redis/secret/wrong"), password);
        return ["sh", "-c", $"{{ printf 'AUTH '; cat {Local("/etc/redis/secret/wrong")}; printf '\\nPING\\n'; }} | redis-cli -p {_port}"];
    }

    private static List<string> Run(IReadOnlyList<string> command, out int exitCode)
    {
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        exitCode = process.ExitCode;
        return output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();
    }

    /// <summary>A path inside the container, as a path in this test's folder.</summary>
    private string Local(string path) => _root.FullName + path;

    /// <summary>The container's mount paths in a command, as paths in this test's folder.</summary>
    private string Localize(string text)
    {
        var mounts = string.Join('|', _redis.VolumeMounts.Select(m => m.MountPath).OrderByDescending(p => p.Length).Select(Regex.Escape));
        return Regex.Replace(text, $@"(?<![\w/.-])({mounts})(?![\w.-])", m => Local(m.Value));
    }

    private string ToLocalPort(string text) => text.Replace("| redis-cli |", $"| redis-cli -p {_port} |", StringComparison.Ordinal);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill();
            _server.WaitForExit();
        }

        _server?.Dispose();
        _root.Delete(recursive: true);
    }
}
