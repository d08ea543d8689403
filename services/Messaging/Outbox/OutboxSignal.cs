using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NgheAn.Messaging.Outbox;

/// <summary>Wakes the relay's lanes (bus and stream) as soon as a transaction that wrote outbox rows commits, instead of waiting for the next poll.</summary>
public sealed class OutboxSignal
{
    private readonly SemaphoreSlim[] _lanes = [new(0, 1), new(0, 1)];

    public void Notify()
    {
        foreach (var lane in _lanes)
        {
            if (lane.CurrentCount == 0)
            {
                try
                {
                    lane.Release();
                }
                catch (SemaphoreFullException)
                {
                    // Another writer woke the lane already.
                }
            }
        }
    }

    internal Task WaitAsync(OutboxLane lane, TimeSpan timeout, CancellationToken cancellationToken) =>
        _lanes[(int)lane.Kind].WaitAsync(timeout, cancellationToken);
}

/// <summary>Notifies the relay after a commit that included outbox rows.</summary>
internal sealed class OutboxSignalInterceptor(OutboxSignal signal) : ISaveChangesInterceptor, IDbTransactionInterceptor
{
    private bool _pending;

    public InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Track(eventData.Context);
        return result;
    }

    public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Track(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        NotifyIfCommitted(eventData.Context);
        return result;
    }

    public ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        NotifyIfCommitted(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => NotifyPending();

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        NotifyPending();
        return Task.CompletedTask;
    }

    private void Track(DbContext? context) =>
        _pending |= context?.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Added) == true;

    private void NotifyIfCommitted(DbContext? context)
    {
        // Inside an explicit transaction the rows are not visible until commit.
        if (context?.Database.CurrentTransaction is null)
        {
            NotifyPending();
        }
    }

    private void NotifyPending()
    {
        if (_pending)
        {
            _pending = false;
            signal.Notify();
        }
    }
}
