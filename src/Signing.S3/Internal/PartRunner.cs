using System.Runtime.ExceptionServices;

namespace Signing.S3.Internal;

/// <summary>
/// The one orchestrator of multipart transfers (file and stream uploads, ranged downloads): takes
/// parts from a source in order, runs at most a given number at once, and on the first failure
/// stops taking parts, cancels the ones running, waits for all of them, releases every part taken
/// (pooled buffers go back) and throws that first failure, never a cancellation it caused itself.
/// Each part's own retries happen in the send loop, never here.
/// </summary>
internal static class PartRunner
{
    /// <summary>Runs every part <paramref name="next"/> gives through <paramref name="run"/>.</summary>
    /// <typeparam name="TPart">What a part is (a file window, a pooled buffer, a byte range).</typeparam>
    /// <typeparam name="TResult">What running a part gives.</typeparam>
    /// <param name="next">The next part, or <c>Has = false</c> when there are no more; called one at a time, in order.</param>
    /// <param name="run">Sends or fetches one part; the int is the part's index from 0.</param>
    /// <param name="release">Called once for every part taken, run or not (null: nothing to release).</param>
    /// <param name="maxConcurrency">Parts in flight at once.</param>
    /// <param name="cancellationToken">The caller's cancellation.</param>
    /// <returns>The results in part order.</returns>
    public static async Task<TResult[]> RunAsync<TPart, TResult>(
        Func<CancellationToken, ValueTask<(bool Has, TPart Part)>> next,
        Func<TPart, int, CancellationToken, Task<TResult>> run,
        Action<TPart>? release,
        int maxConcurrency,
        CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(maxConcurrency);
        var running = new List<Task<TResult>>();

        async Task<TResult> RunOneAsync(TPart part, int index)
        {
            try
            {
                return await run(part, index, stop.Token).ConfigureAwait(false);
            }
            catch
            {
                // Stop taking and running parts: the first failure ends the transfer.
                await stop.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                release?.Invoke(part);
                slots.Release();
            }
        }

        try
        {
            while (true)
            {
                await slots.WaitAsync(stop.Token).ConfigureAwait(false);
                (bool has, TPart part) = (false, default!);
                try
                {
                    (has, part) = await next(stop.Token).ConfigureAwait(false);
                }
                finally
                {
                    if (!has)
                    {
                        slots.Release();
                    }
                }

                if (!has)
                {
                    break;
                }

                running.Add(RunOneAsync(part, running.Count));
            }

            return await Task.WhenAll(running).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await ((Task)Task.WhenAll(running)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var cause = running.Where(t => t.IsFaulted).Select(t => t.Exception!.InnerException!)
                .FirstOrDefault(x => x is not OperationCanceledException) ?? e;
            ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }
}
