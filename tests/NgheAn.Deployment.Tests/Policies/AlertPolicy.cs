using System.Text.RegularExpressions;
using k8s.Models;
using NgheAn.Deployment.Tests.Rendering;

namespace NgheAn.Deployment.Tests.Policies;

/// <summary>
/// Every alert can be acted on: it has an expression, a "for", a severity (critical or warning), a
/// summary and a runbook_url pointing at a section of k8s/README.md that exists. The expression is
/// plausible PromQL (brackets balanced outside strings, label matchers well formed: not a parser), and
/// the names it selects by are this platform's: job = service.namespace/service.name of a Deployment
/// (base/telemetry.yaml), deployment and cluster lists naming every platform Deployment and
/// PostgreSQL cluster, statefulset the RabbitMQ cluster's.
/// </summary>
public static partial class AlertPolicy
{
    public const string RunbookUrl = "https://github.com/nghean/NgheAn.Platform/blob/main/k8s/README.md";

    private static readonly string[] Severities = ["critical", "warning"];

    public static IEnumerable<string> Check(IReadOnlyList<Manifest> manifests, IReadOnlySet<string> runbookAnchors)
    {
        var rules = Monitoring.AlertRules(manifests).ToList();
        if (rules.Count == 0)
        {
            yield return "no alert rules";
        }

        var deployments = Workloads.OfKind<V1Deployment>(manifests).Where(d => Workloads.IsPlatformLabels(d.Metadata.Labels)).Select(d => d.Metadata.Name).ToHashSet();
        var names = new Dictionary<string, IReadOnlySet<string>>
        {
            ["deployment"] = deployments,
            ["cluster"] = manifests.Where(m => m.Kind == "Cluster" && m.ApiVersion.StartsWith("postgresql.cnpg.io/", StringComparison.Ordinal)).Select(m => m.Name).ToHashSet(),
            ["statefulset"] = manifests.Where(m => m.Kind == "RabbitmqCluster").Select(m => $"{m.Name}-server").ToHashSet(), // the operator's StatefulSet
            ["job"] = deployments.Select(d => $"{TelemetryPolicy.ServiceNamespace}/{d}").ToHashSet(),
        };

        foreach (var rule in rules)
        {
            foreach (var problem in Problems(rule, runbookAnchors, names))
            {
                yield return $"{rule}: {problem}";
            }
        }
    }

    private static IEnumerable<string> Problems(Monitoring.Rule rule, IReadOnlySet<string> anchors, Dictionary<string, IReadOnlySet<string>> names)
    {
        if (string.IsNullOrWhiteSpace(rule.Expr))
        {
            yield return "no expr";
        }

        if (rule.For is null || !Duration().IsMatch(rule.For))
        {
            yield return $"'for' is '{rule.For}', not a duration: a single bad scrape would page someone";
        }

        if (!Severities.Contains(rule.Labels.GetValueOrDefault("severity")))
        {
            yield return $"severity is '{rule.Labels.GetValueOrDefault("severity")}', not one of {string.Join(", ", Severities)}";
        }

        if (string.IsNullOrWhiteSpace(rule.Annotations.GetValueOrDefault("summary")))
        {
            yield return "no summary";
        }

        var runbook = rule.Annotations.GetValueOrDefault("runbook_url") ?? "";
        if (!runbook.StartsWith(RunbookUrl + "#", StringComparison.Ordinal) || !anchors.Contains(runbook[(RunbookUrl.Length + 1)..]))
        {
            yield return $"runbook_url '{runbook}' is not a section of k8s/README.md";
        }

        foreach (var problem in SyntaxProblems(rule.Expr ?? "").Concat(NameProblems(rule.Expr ?? "", names)))
        {
            yield return problem;
        }
    }

    /// <summary>Brackets balanced outside strings, strings closed, every {…} a list of label matchers.</summary>
    private static IEnumerable<string> SyntaxProblems(string expr)
    {
        var open = new Stack<char>();
        char? quote = null;
        for (var i = 0; i < expr.Length; i++)
        {
            var c = expr[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'' or '`':
                    quote = c;
                    break;
                case '(' or '[' or '{':
                    open.Push(c);
                    break;
                case ')' or ']' or '}':
                    if (open.Count == 0 || open.Pop() != (c switch { ')' => '(', ']' => '[', _ => '{' }))
                    {
                        yield return $"'{c}' at {i} closes nothing it opened";
                        yield break;
                    }

                    break;
            }
        }

        if (quote is not null || open.Count > 0)
        {
            yield return quote is not null ? "a string is not closed" : $"'{open.Peek()}' is not closed";
            yield break;
        }

        foreach (Match selector in Selector().Matches(expr))
        {
            if (!MatcherList().IsMatch(selector.Groups[1].Value))
            {
                yield return $"{{{selector.Groups[1].Value}}} is not a list of label matchers (name=\"value\", !=, =~, !~)";
            }
        }
    }

    /// <summary>The values matched on job, deployment, cluster and statefulset are this platform's names.</summary>
    private static IEnumerable<string> NameProblems(string expr, Dictionary<string, IReadOnlySet<string>> names)
    {
        foreach (Match matcher in Matcher().Matches(expr))
        {
            var (label, op, value) = (matcher.Groups["label"].Value, matcher.Groups["op"].Value, matcher.Groups["value"].Value);
            if (!names.TryGetValue(label, out var known))
            {
                continue;
            }

            if (op == "=" && !known.Contains(value))
            {
                yield return $"{label}=\"{value}\" is none of this platform's ({string.Join(", ", known.Order())})";
            }
            else if (op == "=~" && value.Split('|') is var listed && listed.All(v => Regex.Escape(v) == v) && !listed.ToHashSet().SetEquals(known))
            {
                // A plain list of names must be exactly the platform's, so a new service is not left out.
                yield return $"{label}=~\"{value}\" does not list exactly this platform's ({string.Join("|", known.Order())})";
            }
            else if (op == "=~" && !known.Any(k => Regex.IsMatch(k, $"^(?:{value})$")))
            {
                yield return $"{label}=~\"{value}\" matches none of this platform's ({string.Join(", ", known.Order())})";
            }
        }
    }

    /// <summary>GitHub's anchors for the headings of a Markdown document ("### NgheAnServiceDown" → "ngheanservicedown"), code blocks left out.</summary>
    public static IReadOnlySet<string> Anchors(string markdown) =>
        Heading().Matches(CodeBlock().Replace(markdown, ""))
            .Select(m => NotInAnchor().Replace(m.Groups[1].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-'))
            .ToHashSet();

    [GeneratedRegex(@"^(?:[0-9]+(?:ms|s|m|h|d|w|y))+$")]
    private static partial Regex Duration();

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"^\s*(?:[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*""(?:[^""\\]|\\.)*""\s*(?:,\s*|$))*$")]
    private static partial Regex MatcherList();

    [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?<op>=~|!~|!=|=)\s*""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"^#{1,6}\s+(.+?)\s*#*\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^```.*?^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\s_-]")]
    private static partial Regex NotInAnchor();
}
