using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Signing.Internal.Credentials;

/// <summary>
/// <c>credential_process</c>: runs the command (split like a POSIX shell's words, as botocore's
/// <c>shlex.split</c>; no shell), reads its standard output as JSON (<c>Version</c> 1,
/// <c>AccessKeyId</c>, <c>SecretAccessKey</c>, optional <c>SessionToken</c> and <c>Expiration</c>).
/// A non-zero exit, bad JSON or an expiration already past is a failure naming the profile; the
/// process's standard error (its own diagnostics) is quoted, its standard output never.
/// </summary>
internal static class ProcessCredentials
{
    /// <summary>How long the process may run.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<AwsCredentials> RunAsync(string command, string where, string sourceName, TimeProvider clock, CancellationToken cancellationToken)
    {
        var words = Split(command, where);
        var start = new ProcessStartInfo(words[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (string w in words.Skip(1))
        {
            start.ArgumentList.Add(w);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException)
        {
            throw new CredentialSourceException($"{where}: {ThrowHelper.Show(words[0])} could not be started ({ex.Message}): check the command and that it is installed and executable.", ex);
        }

        process.StandardInput.Close();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(Timeout);
        var stdout = ReadLimitedAsync(process.StandardOutput, cts.Token);
        var stderr = ReadLimitedAsync(process.StandardError, cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It ended meanwhile.
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new CredentialSourceException($"{where}: {ThrowHelper.Show(words[0])} did not finish within {Timeout.TotalSeconds:0} s and was stopped.");
        }

        if (process.ExitCode != 0)
        {
            throw new CredentialSourceException($"{where}: {ThrowHelper.Show(words[0])} exited with code {process.ExitCode}; its standard error: {SourceText.Excerpt(await stderr.ConfigureAwait(false))}");
        }

        var values = CredentialJson.TryParse(Encoding.UTF8.GetBytes(await stdout.ConfigureAwait(false)), out string? error)
            ?? throw new CredentialSourceException($"{where}: the output of {ThrowHelper.Show(words[0])} is not a credentials document: {error} (output not shown). It must print JSON with Version 1, AccessKeyId, SecretAccessKey, SessionToken and Expiration.");
        if (!values.TryGetValue("Version", out string? version) || version != "1")
        {
            throw new CredentialSourceException($"{where}: the output of {ThrowHelper.Show(words[0])} has {(version is null ? "no Version" : $"Version {ThrowHelper.Show(version)}")}: the only version is 1.");
        }

        var credentials = CredentialJson.Credentials(values, where, sourceName, token: "SessionToken");
        if (credentials.Expiration is { } expiration && expiration <= clock.GetUtcNow())
        {
            throw new CredentialSourceException($"{where}: {ThrowHelper.Show(words[0])} returned credentials (access key {credentials.AccessKeyId}) that expired at {SourceText.Iso(expiration)}, before now ({SourceText.Iso(clock.GetUtcNow())}): renew them at their source.");
        }

        return credentials;
    }

    private static async Task<string> ReadLimitedAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (text.Length < CredentialJson.MaxBytes)
            {
                text.Append(buffer, 0, n);
            }
        }

        return text.ToString();
    }

    /// <summary>POSIX-shell word splitting: blanks separate words; '…' keeps everything; "…" keeps all but \" \\ \$ \`; \ escapes outside quotes.</summary>
    internal static List<string> Split(string command, string where)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool inWord = false;
        for (int i = 0; i < command.Length; i++)
        {
            char c = command[i];
            if (c is ' ' or '\t')
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }

                continue;
            }

            inWord = true;
            if (c == '\'')
            {
                int end = command.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    throw new CredentialSourceException($"{where}: the command has an unclosed ' quote: close it.");
                }

                word.Append(command, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                for (i++; ; i++)
                {
                    if (i >= command.Length)
                    {
                        throw new CredentialSourceException($"{where}: the command has an unclosed \" quote: close it.");
                    }

                    if (command[i] == '"')
                    {
                        break;
                    }

                    if (command[i] == '\\' && i + 1 < command.Length && command[i + 1] is '"' or '\\' or '$' or '`')
                    {
                        i++;
                    }

                    word.Append(command[i]);
                }
            }
            else if (c == '\\' && i + 1 < command.Length)
            {
                word.Append(command[++i]);
            }
            else
            {
                word.Append(c);
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return words.Count > 0 ? words : throw new CredentialSourceException($"{where}: the command is empty: set it to the program that prints the credentials.");
    }
}
