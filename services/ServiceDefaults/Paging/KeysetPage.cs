using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;

namespace NgheAn.ServiceDefaults.Paging;

/// <summary>Keyset pages over a Guid key (UUIDv7 ids are in creation order), with <see cref="PageToken"/> cursors.</summary>
public static class KeysetPage
{
    /// <summary>One page, newest or oldest first, and the next page's token ("" after the last page).</summary>
    public static async Task<(List<T> Items, string NextPageToken)> ByIdAsync<T>(
        IQueryable<T> query, Expression<Func<T, Guid>> key, int pageSize, string? token, string filter, bool newestFirst,
        CancellationToken cancellationToken)
    {
        if (PageToken.Decode(token, filter, 1) is [var after])
        {
            var cursor = Expression.Constant(Guid.Parse(after));
            var beyond = newestFirst ? Expression.LessThan(key.Body, cursor) : Expression.GreaterThan(key.Body, cursor);
            query = query.Where(Expression.Lambda<Func<T, bool>>(beyond, key.Parameters[0]));
        }

        var ordered = newestFirst ? query.OrderByDescending(key) : query.OrderBy(key);
        var page = await ordered.Take(pageSize + 1).ToListAsync(cancellationToken);
        if (page.Count <= pageSize)
        {
            return (page, "");
        }

        page.RemoveAt(pageSize);
        return (page, PageToken.Encode(filter, key.Compile()(page[^1]).ToString()));
    }
}
