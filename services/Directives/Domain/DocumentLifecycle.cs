namespace NgheAn.Directives.Domain;

/// <summary>Where a document stands. Drafts have no legal effect; the others have been issued.</summary>
public enum DocumentStatus
{
    Draft = 1,
    Issued = 2,
    /// <summary>Still in force, with parts changed by a later document.</summary>
    Amended = 3,
    /// <summary>Replaced as a whole by a later document.</summary>
    Superseded = 4,
    /// <summary>Its period of effect ended (e.g. a plan for 2019–2020).</summary>
    Expired = 5,
}

/// <summary>The allowed moves between statuses: draft → issued → amended / superseded / expired.</summary>
public static class DocumentLifecycle
{
    public static bool IsInForce(DocumentStatus status) => status is DocumentStatus.Issued or DocumentStatus.Amended;

    public static bool IsFinal(DocumentStatus status) => status is DocumentStatus.Superseded or DocumentStatus.Expired;

    /// <summary>Null when the move is allowed, else why not (for FAILED_PRECONDITION).</summary>
    public static string? CheckTransition(DocumentStatus from, DocumentStatus to) => (from, to) switch
    {
        (DocumentStatus.Draft, DocumentStatus.Issued) => null,
        (DocumentStatus.Draft, _) => $"a draft can only be issued, not marked {to}.",
        (_, DocumentStatus.Draft) => "an issued document cannot return to draft.",
        (_, DocumentStatus.Issued) => $"the document is already {from}.",
        (DocumentStatus.Issued or DocumentStatus.Amended, DocumentStatus.Amended or DocumentStatus.Superseded or DocumentStatus.Expired) => null,
        _ => $"a {from} document is no longer in force and cannot become {to}.",
    };
}
