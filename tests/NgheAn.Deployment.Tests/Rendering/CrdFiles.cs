using System.Security.Cryptography;

namespace NgheAn.Deployment.Tests.Rendering;

/// <summary>
/// The operators' CRD files named in k8s/versions.yaml, exactly as released (checked by SHA-256).
/// They are not kept in this repository: each is read once into a cache shared by every checkout on
/// the machine (~/.cache/nghean/crds, or NGHEAN_CRD_CACHE), from the repository's raw file at the
/// pinned tag or, without network, from a local git mirror of that repository (NGHEAN_CRD_MIRRORS: a
/// folder holding &lt;owner&gt;+&lt;name&gt;/repo git directories).
/// </summary>
public static class CrdFiles
{
    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("NGHEAN_CRD_CACHE") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "nghean", "crds");

    /// <summary>The text of one pinned CRD file; throws, saying how to get it, when it cannot be had.</summary>
    public static string Read(Pins.CrdSource source)
    {
        var cached = Path.Combine(CacheDirectory, source.Repository.Replace('/', '+'), source.Tag, source.Path);
        if (File.Exists(cached) && Sha256(File.ReadAllBytes(cached)) == source.Sha256)
        {
            return File.ReadAllText(cached);
        }

        var attempts = new List<string>();
        foreach (var (where, fetch) in Origins(source))
        {
            byte[] content;
            try
            {
                content = fetch();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or InvalidOperationException or IOException)
            {
                attempts.Add($"{where}: {ex.Message.Split('\n')[0]}");
                continue;
            }

            var sha = Sha256(content);
            if (sha != source.Sha256)
            {
                attempts.Add($"{where}: SHA-256 {sha}, not the pinned {source.Sha256}");
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            File.WriteAllBytes(cached, content);
            return File.ReadAllText(cached);
        }

        throw new InvalidOperationException(
            $"The CRD file {source.Url} (k8s/versions.yaml) could not be had:\n  {string.Join("\n  ", attempts)}\n" +
            "Allow the tests to reach raw.githubusercontent.com once, or set NGHEAN_CRD_MIRRORS to a folder of git " +
            $"mirrors holding {source.Repository.Replace('/', '+')}/repo with tag {source.Tag}.");
    }

    private static IEnumerable<(string Where, Func<byte[]> Fetch)> Origins(Pins.CrdSource source)
    {
        if (Environment.GetEnvironmentVariable("NGHEAN_CRD_MIRRORS") is { Length: > 0 } mirrors)
        {
            var gitDir = Path.Combine(mirrors, source.Repository.Replace('/', '+'), "repo");
            yield return ($"mirror {gitDir}", () => System.Text.Encoding.UTF8.GetBytes(
                Tools.Run("git", ["--git-dir", gitDir, "show", $"{source.Tag}:{source.Path}"])));
        }

        yield return (source.Url.ToString(), () =>
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            return http.GetByteArrayAsync(source.Url).GetAwaiter().GetResult();
        });
    }

    private static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));
}
