using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Signing.Cli;

/// <summary>
/// curl's <c>--resolve HOST:PORT:ADDR[,ADDR]...</c> and <c>--connect-to HOST1:PORT1:HOST2:PORT2</c>:
/// where a connection goes, while the URL's host name stays in the Host header, the TLS SNI and
/// the certificate check. <c>--connect-to</c> is applied first (the first rule that matches; an
/// empty HOST1 or PORT1 matches any, an empty HOST2 or PORT2 keeps the request's), then
/// <c>--resolve</c> for the host and port that gives (HOST <c>*</c> matches any), then DNS.
/// </summary>
internal sealed class ConnectRoutes
{
    private readonly List<(string? Host, int? Port, string? ToHost, int? ToPort)> _connectTo = [];
    private readonly List<(string Host, int Port, IPAddress[] Addresses)> _resolve = [];

    public bool IsEmpty => _connectTo.Count == 0 && _resolve.Count == 0;

    /// <summary>Adds a <c>--resolve</c> entry.</summary>
    /// <exception cref="UsageException">Not HOST:PORT:ADDR with a port 1-65535 and IP addresses.</exception>
    public void AddResolve(string flag, string value)
    {
        string fix = "write HOST:PORT:ADDRESS, such as bucket.s3.example.com:443:127.0.0.1 (several addresses separated by ',', IPv6 in [brackets])";
        string entry = CliText.Text(flag, value, fix);
        UsageException.ThrowIf(entry.StartsWith('-'), $"{flag} {CliText.Show(value)}: removing an entry ('-HOST:PORT') is for curl's DNS cache, which sigv does not keep: drop it.");

        entry = entry.TrimStart('+'); // '+': curl's entry that times out, the same here
        var fields = Split(entry, 3);
        if (fields.Count != 3 || fields[0].Length == 0 || ParsePort(fields[1]) is not int port)
        {
            throw new UsageException($"{flag} {CliText.Show(value)} is not HOST:PORT:ADDRESS: {fix}.");
        }

        var addresses = new List<IPAddress>();
        foreach (string a in fields[2].Split(','))
        {
            if (!IPAddress.TryParse(a.Trim().Trim('[', ']'), out var address))
            {
                throw new UsageException($"{flag} {CliText.Show(value)}: {CliText.Show(a)} is not an IP address: {fix}.");
            }

            addresses.Add(address);
        }

        _resolve.Add((Unbracket(fields[0]), port, [.. addresses]));
    }

    /// <summary>Adds a <c>--connect-to</c> rule.</summary>
    /// <exception cref="UsageException">Not four fields, or a port that is not 1-65535.</exception>
    public void AddConnectTo(string flag, string value)
    {
        string fix = "write HOST1:PORT1:HOST2:PORT2, such as ::127.0.0.1: (any host and port to 127.0.0.1, same port); empty fields match any (HOST1, PORT1) or keep the request's (HOST2, PORT2); IPv6 in [brackets]";
        var fields = Split(CliText.NoControls(flag, value, fix), 4);
        int? port1 = null, port2 = null;
        if (fields.Count != 4
            || (fields[1].Length > 0 && (port1 = ParsePort(fields[1])) is null)
            || (fields[3].Length > 0 && (port2 = ParsePort(fields[3])) is null))
        {
            throw new UsageException($"{flag} {CliText.Show(value)} is not HOST1:PORT1:HOST2:PORT2: {fix}.");
        }

        _connectTo.Add((fields[0].Length == 0 ? null : Unbracket(fields[0]), port1, fields[2].Length == 0 ? null : Unbracket(fields[2]), port2));
    }

    /// <summary>Where a connection to <paramref name="host"/>:<paramref name="port"/> goes: the host or address and port, after --connect-to and --resolve.</summary>
    public (string Host, IPAddress[]? Addresses, int Port) Route(string host, int port)
    {
        host = Unbracket(host);
        foreach (var rule in _connectTo)
        {
            if ((rule.Host is null || string.Equals(rule.Host, host, StringComparison.OrdinalIgnoreCase)) && (rule.Port is null || rule.Port == port))
            {
                (host, port) = (rule.ToHost ?? host, rule.ToPort ?? port);
                break;
            }
        }

        foreach (var entry in _resolve)
        {
            if ((entry.Host == "*" || string.Equals(entry.Host, host, StringComparison.OrdinalIgnoreCase)) && entry.Port == port)
            {
                return (host, entry.Addresses, port);
            }
        }

        return (host, IPAddress.TryParse(host, out var literal) ? [literal] : null, port);
    }

    /// <summary>A <see cref="SocketsHttpHandler.ConnectCallback"/> that follows the routes: each address in turn, the last failure thrown.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, addresses, port) = Route(context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        addresses ??= await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        Exception? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>Splits at ':' outside [brackets], into at most <paramref name="max"/> fields (the last takes the rest).</summary>
    private static List<string> Split(string value, int max)
    {
        var fields = new List<string>(max);
        int start = 0;
        bool inBrackets = false;
        for (int i = 0; i < value.Length && fields.Count < max - 1; i++)
        {
            if (value[i] == '[')
            {
                inBrackets = true;
            }
            else if (value[i] == ']')
            {
                inBrackets = false;
            }
            else if (value[i] == ':' && !inBrackets)
            {
                fields.Add(value[start..i]);
                start = i + 1;
            }
        }

        fields.Add(value[start..]);
        return fields;
    }

    private static int? ParsePort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int port) && port is >= 1 and <= 65535 ? port : null;

    private static string Unbracket(string host) => host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
}
