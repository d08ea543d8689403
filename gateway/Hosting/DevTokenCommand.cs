using NgheAn.ServiceDefaults.Security;

namespace NgheAn.Gateway.Hosting;

/// <summary>
/// `dev-token --role R [--role R2] [--unit U] [--person P] [--hours H]` prints a signed development
/// token for local use and tests. Only a Development environment accepts it.
/// </summary>
public static class DevTokenCommand
{
    public const string Name = "dev-token";

    public static int Run(string[] args, TextWriter output, TextWriter errors)
    {
        var roles = new List<string>();
        string? unit = null, person = null;
        var hours = 8.0;
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value.");
                switch (args[i])
                {
                    case "--role": roles.Add(value); break;
                    case "--unit": unit = value; break;
                    case "--person": person = value; break;
                    case "--hours" when double.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var h) && h > 0: hours = h; break;
                    default: throw new ArgumentException($"Unknown option or bad value: {args[i]} {value}");
                }

                i++;
            }

            output.WriteLine(DevelopmentTokens.Create(roles, unit, person, TimeSpan.FromHours(hours)));
            return 0;
        }
        catch (ArgumentException ex)
        {
            errors.WriteLine(ex.Message);
            errors.WriteLine("usage: dev-token --role ROLE [--role ROLE…] [--unit UNIT] [--person ID] [--hours H]");
            errors.WriteLine($"roles: {PlatformRoles.Anyone.Replace(",", ", ")}");
            return 2;
        }
    }
}
