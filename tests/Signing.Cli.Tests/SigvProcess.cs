using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Signing.Cli.Tests;

/// <summary>What one run of the built sigv printed and returned.</summary>
public sealed record SigvResult(int ExitCode, byte[] StdoutBytes, string Stderr)
{
    /// <summary>Standard output as UTF-8 text.</summary>
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs the built sigv (sigv.dll beside the test assembly, started with the same dotnet host) as a
/// separate process: arguments as an argv array (no shell), optional stdin, extra environment.
/// The environment is cleared of AWS_* variables first so a developer's credentials never leak in.
/// </summary>
public static class SigvProcess
{
    public static string DllPath { get; } = Path.Combine(AppContext.BaseDirectory, "sigv.dll");

    public static async Task<SigvResult> RunAsync(
        IEnumerable<string> args,
        IReadOnlyDictionary<string, string>? environment = null,
        byte[]? stdin = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        await using var running = Start(args, environment, workingDirectory);
        if (stdin is not null)
        {
            await running.WriteStdinAsync(stdin);
        }

        running.CloseStdin();
        return await running.WaitAsync(timeout ?? TimeSpan.FromMinutes(3));
    }

    /// <summary>Starts sigv and leaves its standard input open (for tests that signal it mid-transfer).</summary>
    public static SigvRunning Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        if (!File.Exists(DllPath))
        {
            throw new FileNotFoundException($"the built CLI is not at {DllPath}; build tests/Signing.Cli.Tests (it references src/Signing.Cli).");
        }

        var psi = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
        };

        // Environment.ProcessPath is the dotnet host when tests run under `dotnet test`; if it is a
        // test host apphost instead, fall back to `dotnet` on PATH.
        if (!Path.GetFileNameWithoutExtension(psi.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            psi.FileName = "dotnet";
        }

        var argList = args.ToList();
        psi.ArgumentList.Add(DllPath);
        foreach (string a in argList)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (string name in psi.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }

        // No shared profile files from the developer's home either.
        psi.Environment["AWS_CONFIG_FILE"] = Path.Combine(AppContext.BaseDirectory, "no-such-aws-config");
        psi.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(AppContext.BaseDirectory, "no-such-aws-credentials");
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start sigv");
        return new SigvRunning(process, string.Join(' ', argList));
    }

    public static Task<SigvResult> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);

}

/// <summary>A sigv process still running: its standard input open, its outputs being collected.</summary>
public sealed class SigvRunning : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _command;
    private readonly CancellationTokenSource _outputs = new();
    private readonly Task<byte[]> _stdout;
    private readonly Task<string> _stderr;

    internal SigvRunning(Process process, string command)
    {
        _process = process;
        _command = command;
        _stdout = ReadAllAsync(process.StandardOutput.BaseStream, _outputs.Token);
        _stderr = process.StandardError.ReadToEndAsync(_outputs.Token);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public Task WriteStdinAsync(byte[] data) => _process.StandardInput.BaseStream.WriteAsync(data).AsTask();

    public async Task FlushStdinAsync() => await _process.StandardInput.BaseStream.FlushAsync();

    public void CloseStdin() => _process.StandardInput.Close();

    /// <summary>Sends a POSIX signal (15 SIGTERM, 2 SIGINT) to sigv.</summary>
    public void Signal(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Waits for the exit, then returns what it printed; kills it (and fails) after <paramref name="timeout"/>.</summary>
    public async Task<SigvResult> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sigv {_command} did not finish in time.");
        }

        return new SigvResult(_process.ExitCode, await _stdout, await _stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _outputs.CancelAsync();
        await ((Task)Task.WhenAll(_stdout, _stderr)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _outputs.Dispose();
        _process.Dispose();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms, ct);
        return ms.ToArray();
    }
}
