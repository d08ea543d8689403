using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace NgheAn.ServiceDefaults.Hosting;

/// <summary>
/// The system clock moved forward by an offset read from a file, so end-to-end tests can let a
/// month pass. Only outside Production and only when <c>Testing:ClockOffsetFile</c> is set; a
/// production host with that setting refuses to start.
/// </summary>
public sealed class FileOffsetTimeProvider(string path) : TimeProvider
{
    public const string Setting = "Testing:ClockOffsetFile";

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset();

    private TimeSpan Offset()
    {
        // The file holds a TimeSpan such as "31.00:00:00"; missing or empty means no offset.
        try
        {
            var text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
            return text.Length == 0 ? TimeSpan.Zero : TimeSpan.Parse(text, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>Registers TimeProvider: the system clock, or the test clock where allowed and asked for.</summary>
    public static void AddPlatformClock(IHostApplicationBuilder builder)
    {
        var file = builder.Configuration[Setting];
        if (string.IsNullOrWhiteSpace(file))
        {
            builder.Services.AddSingleton(TimeProvider.System);
            return;
        }

        if (builder.Environment.IsProduction())
        {
            throw new InvalidOperationException($"{Setting} is a test-only setting and must not be set in Production.");
        }

        builder.Services.AddSingleton<TimeProvider>(new FileOffsetTimeProvider(file));
    }
}
