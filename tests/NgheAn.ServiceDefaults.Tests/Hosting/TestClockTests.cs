using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NgheAn.ServiceDefaults.Hosting;

namespace NgheAn.ServiceDefaults.Tests.Hosting;

public sealed class TestClockTests
{
    [Fact]
    public void Without_the_setting_the_clock_is_the_system_clock()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        FileOffsetTimeProvider.AddPlatformClock(builder);
        Assert.Same(TimeProvider.System, builder.Services.BuildServiceProvider().GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void Production_refuses_the_test_clock()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration[FileOffsetTimeProvider.Setting] = "/tmp/clock.txt";
        var error = Assert.Throws<InvalidOperationException>(() => FileOffsetTimeProvider.AddPlatformClock(builder));
        Assert.Contains("Production", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outside_production_the_file_moves_the_clock()
    {
        var file = Path.GetTempFileName();
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
            builder.Configuration[FileOffsetTimeProvider.Setting] = file;
            FileOffsetTimeProvider.AddPlatformClock(builder);
            var clock = builder.Services.BuildServiceProvider().GetRequiredService<TimeProvider>();
            Assert.InRange(clock.GetUtcNow() - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-5), TimeSpan.FromSeconds(5));
            File.WriteAllText(file, "31.00:00:00");
            Assert.InRange(clock.GetUtcNow() - DateTimeOffset.UtcNow, TimeSpan.FromDays(31) - TimeSpan.FromSeconds(5), TimeSpan.FromDays(31) + TimeSpan.FromSeconds(5));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
