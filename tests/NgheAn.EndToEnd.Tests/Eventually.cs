namespace NgheAn.EndToEnd.Tests;

/// <summary>Waits for what arrives over RabbitMQ or a background scan.</summary>
internal static class Eventually
{
    /// <summary>Reads until <paramref name="done"/> holds or 30 seconds pass; returns the last value read (the caller asserts on it).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(250);
        }
    }
}
