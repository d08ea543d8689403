namespace NgheAn.EndToEnd.Tests;

/// <summary>Waits for what arrives over RabbitMQ or a background scan.</summary>
internal static class Eventually
{
    /// <summary>Reads until <paramref name="done"/> holds or the patience (default 30 seconds) runs out; returns the last value read (the caller asserts on it).</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan? patience = null)
    {
        var deadline = DateTime.UtcNow + (patience ?? TimeSpan.FromSeconds(30));
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
