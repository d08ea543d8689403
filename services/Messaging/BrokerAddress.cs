using RabbitMQ.Client;

namespace NgheAn.Messaging;

/// <summary>The RabbitMQ broker of the platform, from the "rabbitmq" connection string (amqp://user:password@host:port/vhost).</summary>
public sealed record BrokerAddress(Uri Uri)
{
    public (string User, string Password) Credentials
    {
        get
        {
            var parts = Uri.UserInfo.Split(':', 2);
            return parts.Length == 2 && parts[0].Length > 0
                ? (Uri.UnescapeDataString(parts[0]), Uri.UnescapeDataString(parts[1]))
                : ("guest", "guest");
        }
    }

    /// <summary>A RabbitMQ.Client connection factory for the same broker and virtual host.</summary>
    public ConnectionFactory ConnectionFactory(string clientName) => new()
    {
        Uri = Uri,
        ClientProvidedName = clientName,
        AutomaticRecoveryEnabled = false,
        RequestedConnectionTimeout = TimeSpan.FromSeconds(5),
    };
}

/// <summary>The service a process runs as: it names its queues and is the source of its CloudEvents.</summary>
public sealed record MessagingIdentity(string Service);
