namespace NgheAn.Directives.Domain;

/// <summary>How one document relates to another (the link goes from the later, lower document).</summary>
public enum LinkKind
{
    /// <summary>Cụ thể hóa: 196-KH/TU implements 05-CT/TW.</summary>
    Implements = 1,
    /// <summary>Lồng ghép: carried out together with (symmetric in meaning).</summary>
    IntegratedWith = 2,
    Amends = 3,
    Supersedes = 4,
}

/// <summary>A link from one document to another.</summary>
public sealed record DocumentLink(Guid From, Guid To, LinkKind Kind);

/// <summary>A node of a cascade tree: the document and the documents linked below (or above) it.</summary>
public sealed record CascadeNode(Guid DocumentId, LinkKind? Via, IReadOnlyList<CascadeNode> Children);

/// <summary>
/// The links between documents. Implements, amends and supersedes must never form a cycle
/// (a document cannot implement itself, directly or through others); integration is a
/// mutual association and may be circular.
/// </summary>
public sealed class CascadeGraph
{
    private readonly IReadOnlyList<DocumentLink> _links;

    public CascadeGraph(IEnumerable<DocumentLink> links)
    {
        ArgumentNullException.ThrowIfNull(links);
        _links = links.Distinct().ToArray();
    }

    public static bool IsDirected(LinkKind kind) => kind is not LinkKind.IntegratedWith;

    /// <summary>Null when the link may be added, else why not (for FAILED_PRECONDITION / INVALID_ARGUMENT).</summary>
    public string? CheckNewLink(DocumentLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (link.From == link.To)
        {
            return "a document cannot be linked to itself.";
        }

        if (_links.Contains(link))
        {
            return "the link already exists.";
        }

        if (!IsDirected(link.Kind))
        {
            return null;
        }

        // A cycle appears when the target already reaches the source through directed links.
        var path = PathBetween(link.To, link.From);
        return path is null ? null : $"the link would make a cycle: {string.Join(" → ", path.Prepend(link.From))}.";
    }

    /// <summary>The documents linked to this one from below (what implements, amends or supersedes it), as a tree.</summary>
    public CascadeNode Below(Guid root, int maxDepth = 20) => Build(root, null, maxDepth, [root], down: true);

    /// <summary>The documents this one implements, amends or supersedes, and theirs, as a tree.</summary>
    public CascadeNode Above(Guid root, int maxDepth = 20) => Build(root, null, maxDepth, [root], down: false);

    /// <summary>The ids in the tree below, the root included (e.g. every document a review covers).</summary>
    public IReadOnlySet<Guid> AllBelow(Guid root)
    {
        var seen = new HashSet<Guid> { root };
        var queue = new Queue<Guid>([root]);
        while (queue.TryDequeue(out var current))
        {
            foreach (var link in _links.Where(l => IsDirected(l.Kind) && l.To == current && seen.Add(l.From)))
            {
                queue.Enqueue(link.From);
            }
        }

        return seen;
    }

    /// <summary>The documents integrated with this one (either direction).</summary>
    public IReadOnlyList<Guid> IntegratedWith(Guid id) =>
        _links.Where(l => l.Kind == LinkKind.IntegratedWith && (l.From == id || l.To == id))
            .Select(l => l.From == id ? l.To : l.From).Distinct().ToArray();

    private CascadeNode Build(Guid id, LinkKind? via, int depth, HashSet<Guid> onPath, bool down)
    {
        if (depth == 0)
        {
            return new CascadeNode(id, via, []);
        }

        var next = _links.Where(l => IsDirected(l.Kind) && (down ? l.To == id : l.From == id))
            .Select(l => (Id: down ? l.From : l.To, l.Kind))
            .Where(n => !onPath.Contains(n.Id)) // stored data is acyclic; guard anyway
            .OrderBy(n => n.Id)
            .ToArray();
        var children = new List<CascadeNode>();
        foreach (var (child, kind) in next)
        {
            onPath.Add(child);
            children.Add(Build(child, kind, depth - 1, onPath, down));
            onPath.Remove(child);
        }

        return new CascadeNode(id, via, children);
    }

    private List<Guid>? PathBetween(Guid start, Guid goal)
    {
        var previous = new Dictionary<Guid, Guid>();
        var queue = new Queue<Guid>([start]);
        var seen = new HashSet<Guid> { start };
        while (queue.TryDequeue(out var current))
        {
            if (current == goal)
            {
                var path = new List<Guid> { current };
                while (previous.TryGetValue(path[^1], out var before))
                {
                    path.Add(before);
                }

                path.Reverse();
                return path;
            }

            foreach (var link in _links.Where(l => IsDirected(l.Kind) && l.From == current && seen.Add(l.To)))
            {
                previous[link.To] = current;
                queue.Enqueue(link.To);
            }
        }

        return null;
    }
}
