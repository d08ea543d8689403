namespace NgheAn.Deployment.Tests;

public static class Violations
{
    /// <summary>Passes when a check found nothing; otherwise lists every finding.</summary>
    public static void None(IEnumerable<string> violations)
    {
        var found = violations.ToList();
        Assert.True(found.Count == 0, $"{found.Count} violation(s):\n" + string.Join("\n", found));
    }

    /// <summary>Passes when a check found the expected problem (the policy can fail).</summary>
    public static void Found(IEnumerable<string> violations, string expected)
    {
        var found = violations.ToList();
        Assert.True(found.Any(v => v.Contains(expected, StringComparison.Ordinal)),
            $"expected a violation containing '{expected}', found:\n" + string.Join("\n", found.DefaultIfEmpty("(none)")));
    }
}
