using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Signing.Browser.Tests;

/// <summary>
/// Serves the test page on http://127.0.0.1:PORT, an origin other than RGW's (another port):
/// <c>/</c> is the page, <c>/uploaded</c> the page S3 redirects a successful form upload to.
/// </summary>
public sealed class PageServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    public PageServer()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        Origin = $"http://127.0.0.1:{Port}";
        _listener.Prefixes.Add(Origin + "/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>The page's origin, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string Origin { get; }

    /// <summary>The page's HTML; set before the browser loads it.</summary>
    public string Html { get; set; } = "<!doctype html><title>empty</title>";

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending GetContextAsync: the loop ends so.
        }
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            string path = context.Request.Url?.AbsolutePath ?? "/";
            string body = path == "/uploaded"
                ? "<!doctype html><title>uploaded</title><p id=\"uploaded\">uploaded</p>"
                : path == "/" ? Html : "not found";
            context.Response.StatusCode = path is "/" or "/uploaded" ? 200 : 404;
            context.Response.ContentType = "text/html; charset=utf-8";
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}
