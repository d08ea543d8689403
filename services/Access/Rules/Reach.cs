namespace NgheAn.Access.Rules;

/// <summary>How a record is touched: a read, a read of a personal record, or a change.</summary>
public enum AccessKind
{
    /// <summary>An ordinary read: the caller's subtree and the units above it (directives come down from there).</summary>
    Read,

    /// <summary>A read of a personal record (a person's file, discipline, petitions) or of work assigned to units: the caller's subtree only.</summary>
    OwnSubtree,

    /// <summary>A change: the caller's subtree only.</summary>
    Write,
}

/// <summary>
/// The units one call may reach: every unit, or the subtrees rooted at the caller's unit and at
/// the units it continues after a merge or split (their paths, ids joined by '/' from the root).
/// </summary>
public sealed record Reach(bool Everywhere, IReadOnlyList<string> RootPaths)
{
    public static readonly Reach All = new(true, []);

    public static readonly Reach Nowhere = new(false, []);

    /// <summary>Whether a unit at this path is within reach for this kind of access.</summary>
    public bool Covers(string unitPath, AccessKind kind) =>
        Everywhere || RootPaths.Any(root => IsWithin(unitPath, root) || (kind == AccessKind.Read && IsWithin(root, unitPath)));

    /// <summary>Whether a path lies in the subtree rooted at another (itself included).</summary>
    public static bool IsWithin(string path, string rootPath) =>
        path == rootPath || path.StartsWith(rootPath + "/", StringComparison.Ordinal);
}
