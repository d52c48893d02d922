using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Signing.Tests.Credentials;

/// <summary>
/// A loopback HTTP/1.1 server for the credential endpoints' contracts (container, IMDSv2, SSO
/// portal, STS): each request (one per connection) is recorded and answered by <see cref="Handler"/>.
/// </summary>
internal sealed class CredentialFixture : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public CredentialFixture(Func<RawRequest, Task<string>> handler)
    {
        Handler = handler;
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public CredentialFixture(Func<RawRequest, string> handler)
        : this(r => Task.FromResult(handler(r)))
    {
    }

    public Func<RawRequest, Task<string>> Handler { get; set; }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public List<RawRequest> Requests { get; } = [];

    public static string Response(int status, string body, params string[] headers) =>
        $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Status")}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Content-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                if (await RawRequest.ReadAsync(stream, _stop.Token) is not { } request)
                {
                    return;
                }

                lock (Requests)
                {
                    Requests.Add(request);
                }

                string response = await Handler(request);
                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or SocketException)
            {
            }
        }
    }
}

/// <summary>A clock the tests move by hand.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public DateTimeOffset Now => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>An environment of given variables and a temp home directory, deleted on dispose.</summary>
internal sealed class TestHome : IDisposable
{
    public TestHome(params (string Name, string? Value)[] variables)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "creds-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(System.IO.Path.Combine(Path, ".aws"));
        Variables["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (name, value) in variables)
        {
            Variables[name] = value;
        }

        Environment = new CredentialEnvironment(n => Variables.GetValueOrDefault(n), Path);
    }

    public Dictionary<string, string?> Variables { get; } = new(StringComparer.Ordinal);

    public string Path { get; }

    public CredentialEnvironment Environment { get; }

    public string Config(string text)
    {
        string file = System.IO.Path.Combine(Path, ".aws", "config");
        File.WriteAllText(file, text);
        return file;
    }

    public string File_(string name, string text)
    {
        string file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
