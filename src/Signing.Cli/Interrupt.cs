using System.Runtime.InteropServices;

namespace Signing.Cli;

/// <summary>
/// SIGINT (Ctrl+C) and SIGTERM as a cancellation: while a command is <see cref="Arm">armed</see>
/// (s3, curl), the first signal cancels <see cref="Token"/> so the operation cleans up (aborts a
/// multipart upload, removes a partial download) and sigv exits 130 (SIGINT) or 143 (SIGTERM); a
/// second signal, or one while nothing is armed, ends the process at once as usual.
/// </summary>
internal sealed class Interrupt : IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _armed;

    /// <summary>Cancelled by the first signal while armed (or by <see cref="Trigger"/>).</summary>
    public CancellationToken Token => _cancel.Token;

    /// <summary>The signal that cancelled, or null.</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>Whether a signal has cancelled the run.</summary>
    public bool IsRequested => _cancel.IsCancellationRequested;

    /// <summary>128 + the signal's number, as a shell reports a process ended by it: 130 for SIGINT, 143 for SIGTERM.</summary>
    public int ExitCode => Signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;

    /// <summary>SIGINT or SIGTERM.</summary>
    public string Name => Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";

    /// <summary>Whether the process's signals feed this interruption once a command arms it.</summary>
    private bool _fromSignals;

    /// <summary>
    /// An interruption fed by the process's SIGINT and SIGTERM (the executable's). The handlers are
    /// installed when a command first arms it: commands that never do (sign, presign, --version)
    /// start without the cost of the runtime's signal handling.
    /// </summary>
    public static Interrupt FromSignals() => new() { _fromSignals = true };

    /// <summary>Lets signals cancel <see cref="Token"/> until the returned scope is disposed.</summary>
    public IDisposable Arm()
    {
        if (_fromSignals && _registrations.Count == 0)
        {
            foreach (var signal in (ReadOnlySpan<PosixSignal>)[PosixSignal.SIGINT, PosixSignal.SIGTERM])
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
            }
        }

        Interlocked.Increment(ref _armed);
        return new Disarm(this);
    }

    /// <summary>Cancels as <paramref name="signal"/> would (tests; the signal handler).</summary>
    public void Trigger(PosixSignal signal)
    {
        lock (_cancel)
        {
            if (Signal is null)
            {
                Signal = signal;
            }
        }

        _cancel.Cancel();
    }

    public void Dispose()
    {
        _registrations.ForEach(r => r.Dispose());
        _cancel.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Volatile.Read(ref _armed) == 0 || _cancel.IsCancellationRequested)
        {
            return; // the default: the process ends now
        }

        context.Cancel = true;
        Trigger(context.Signal);
    }

    private sealed class Disarm(Interrupt interrupt) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref interrupt._armed);
            }
        }
    }
}
