namespace Signing.Cli;

/// <summary>
/// Feeds a <see cref="ProgressBar"/> from the S3 client's transfer progress, which reports the total
/// so far from parallel parts: a report lower than one already seen (parts finishing out of order)
/// is ignored, so the bar never moves back.
/// </summary>
internal sealed class TransferProgress(ProgressBar bar) : IProgress<long>
{
    private long _seen;

    public void Report(long value)
    {
        long seen;
        while (value > (seen = Interlocked.Read(ref _seen)))
        {
            if (Interlocked.CompareExchange(ref _seen, value, seen) == seen)
            {
                bar.Add(value - seen);
                return;
            }
        }
    }
}
