using System.Diagnostics;
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

        psi.ArgumentList.Add(DllPath);
        foreach (string a in args)
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

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start sigv");
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(3));
        var stdoutTask = ReadAllAsync(process.StandardOutput.BaseStream, cts.Token);
        var stderrTask = process.StandardError.ReadToEndAsync(cts.Token);
        if (stdin is not null)
        {
            await process.StandardInput.BaseStream.WriteAsync(stdin, cts.Token);
        }

        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sigv {string.Join(' ', args)} did not finish in time.");
        }

        return new SigvResult(process.ExitCode, await stdoutTask, await stderrTask);
    }

    public static Task<SigvResult> RunAsync(params string[] args) => RunAsync((IEnumerable<string>)args);

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        await stream.CopyToAsync(ms, ct);
        return ms.ToArray();
    }
}
