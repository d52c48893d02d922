using System.Globalization;

namespace Signing.TestSupport;

// Part of FaultProxy (see FaultProxy.cs): which requests a fault hits, and what it does.

/// <summary>
/// A scripted fault: conditions over the request head (all must hold), how many times it fires
/// (<see cref="Times"/>; always by default), and its action(s). Build it fluently:
/// <c>new FaultRule().Method("GET").QueryContains("partNumber=2").Times(1).ResetResponseAfter(1000)</c>.
/// The proxy checks rules in the order added; the first whose conditions hold and that has fires
/// left acts, and the request is otherwise passed through. Actions that touch different stages
/// combine (<c>IgnoreRange().CutResponseAfter(10)</c>); two that answer, or two that end the body, do not.
/// </summary>
public sealed class FaultRule
{
    private readonly List<Func<ProxiedRequest, bool>> _conditions = [];
    private readonly List<string> _describe = [];
    private readonly List<string> _actions = [];
    private int _left = int.MaxValue;
    private int _fired;

    /// <summary>How many times the rule has acted.</summary>
    public int Fired => Volatile.Read(ref _fired);

    // Conditions.

    /// <summary>Only requests with this method (exact, e.g. "GET").</summary>
    public FaultRule Method(string method) => When(r => r.Method == method, method);

    /// <summary>Only requests whose raw path contains <paramref name="text"/> (ordinal).</summary>
    public FaultRule PathContains(string text) => When(r => r.Path.Contains(text, StringComparison.Ordinal), $"path~{text}");

    /// <summary>Only requests whose raw query contains <paramref name="text"/> (ordinal).</summary>
    public FaultRule QueryContains(string text) => When(r => r.Query.Contains(text, StringComparison.Ordinal), $"query~{text}");

    /// <summary>Only requests that carry header <paramref name="name"/>.</summary>
    public FaultRule HasHeader(string name) => When(r => r.HasHeader(name), $"has {name}");

    /// <summary>Only requests for which <paramref name="predicate"/> holds (called on the proxy's connection task).</summary>
    public FaultRule When(Func<ProxiedRequest, bool> predicate, string description = "custom")
    {
        _conditions.Add(predicate);
        _describe.Add(description);
        return this;
    }

    /// <summary>Acts on the first <paramref name="count"/> matching requests only; later ones pass through.</summary>
    public FaultRule Times(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        _left = count;
        _describe.Add($"x{count}");
        return this;
    }

    // Actions: answer instead of forwarding.

    /// <summary>Answers with <paramref name="response"/> without forwarding (the request body is read and dropped).</summary>
    public FaultRule Respond(FaultResponse response) => Answer(AnswerKind.Respond, $"Respond({response.StatusCode})", response);

    /// <summary>Answers with this status, headers and body without forwarding.</summary>
    public FaultRule Respond(int statusCode, IReadOnlyList<KeyValuePair<string, string>>? headers = null, byte[]? body = null) =>
        Respond(new FaultResponse(statusCode, headers, body));

    /// <summary>
    /// Answers 403 SignatureDoesNotMatch with the StringToSign and CanonicalRequest a server builds
    /// from this request (as Swift's s3api and AWS do), so every signed header value (a session token
    /// included) comes back verbatim. <paramref name="withBytes"/> adds AWS's StringToSignBytes and
    /// CanonicalRequestBytes (space-separated hex).
    /// </summary>
    public FaultRule EchoCanonicalRequest(bool withBytes = false) => Answer(withBytes ? AnswerKind.EchoWithBytes : AnswerKind.Echo, "EchoCanonicalRequest", null);

    /// <summary>
    /// Reads the request (head and body), then resets the client connection (TCP RST) without an
    /// answer. With <paramref name="forward"/> the request first goes upstream and its whole response
    /// is read and dropped: the server did the work, the client never hears of it.
    /// </summary>
    public FaultRule ResetBeforeResponse(bool forward = false) => Answer(forward ? AnswerKind.ForwardThenReset : AnswerKind.Reset, $"ResetBeforeResponse(forward: {forward})", null);

    // Actions on the request.

    /// <summary>Removes <c>Range</c> and <c>If-Range</c> before forwarding: a server that ignores ranges (answers 200, whole object).</summary>
    public FaultRule IgnoreRange() => Set(ref _stripRange, "IgnoreRange");

    /// <summary>
    /// Forwards <paramref name="afterBytes"/> bytes of the request body, then reads nothing more from
    /// the client for <paramref name="duration"/> (up to 64 KiB already read sit in the proxy's
    /// buffer), then goes on. The socket buffers on both sides still take data: on this machine a
    /// client writes about 5 MiB past <paramref name="afterBytes"/> before its write blocks, so to see
    /// the block (or a client's write timeout) send at least <c>afterBytes + 8 MiB</c>.
    /// </summary>
    public FaultRule StallRequestBody(long afterBytes, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterBytes);
        _requestStall = (afterBytes, duration);
        return Set(ref _stallsRequest, $"StallRequestBody({afterBytes}, {Seconds(duration)}s)");
    }

    // Actions on the response.

    /// <summary>Waits <paramref name="delay"/> between receiving the response head (the server has done the work) and sending it.</summary>
    public FaultRule DelayResponse(TimeSpan delay)
    {
        _delay = delay;
        return Set(ref _delays, $"DelayResponse({Seconds(delay)}s)");
    }

    /// <summary>
    /// Edits each final response head before it is sent (status, reason, headers). The body is still
    /// forwarded as the server framed it; when the edit changes Content-Length or Transfer-Encoding the
    /// client connection is closed after the body, so a client waiting for more sees the end.
    /// </summary>
    public FaultRule RewriteResponse(Action<ProxyResponseHead> edit)
    {
        _rewrite = edit;
        return Set(ref _rewrites, "RewriteResponse");
    }

    /// <summary>Sends the head and <paramref name="bytes"/> body bytes (as framed on the wire), then closes the client connection (FIN).</summary>
    public FaultRule CutResponseAfter(long bytes) => EndBody(BodyEnd.Cut, bytes, TimeSpan.Zero, $"CutResponseAfter({bytes})");

    /// <summary>Sends the head and <paramref name="bytes"/> body bytes, then aborts the client connection with a TCP RST.</summary>
    public FaultRule ResetResponseAfter(long bytes) => EndBody(BodyEnd.Reset, bytes, TimeSpan.Zero, $"ResetResponseAfter({bytes})");

    /// <summary>Sends the head and <paramref name="afterBytes"/> body bytes, sends nothing for <paramref name="duration"/>, then closes the connection (FIN).</summary>
    public FaultRule StallResponseBody(long afterBytes, TimeSpan duration) => EndBody(BodyEnd.Stall, afterBytes, duration, $"StallResponseBody({afterBytes}, {Seconds(duration)}s)");

    public override string ToString() => $"[{string.Join(' ', _describe.DefaultIfEmpty("any"))}] {string.Join(", ", _actions)} (fired {Fired})";

    // What the connection task reads.
    internal enum AnswerKind { Forward, Respond, Echo, EchoWithBytes, Reset, ForwardThenReset }

    internal enum BodyEnd { None, Cut, Reset, Stall }

    private bool _answers;
    private bool _stripRange;
    private bool _stallsRequest;
    private bool _delays;
    private bool _rewrites;
    private bool _endsBody;
    private (long After, TimeSpan Duration) _requestStall;
    private TimeSpan _delay;
    private Action<ProxyResponseHead>? _rewrite;

    internal AnswerKind Answers { get; private set; }

    internal FaultResponse? Response { get; private set; }

    internal bool StripsRange => _stripRange;

    internal (long After, TimeSpan Duration)? RequestStall => _stallsRequest ? _requestStall : null;

    internal TimeSpan Delay => _delay;

    internal Action<ProxyResponseHead>? Rewrite => _rewrite;

    internal (BodyEnd Kind, long After, TimeSpan Duration) BodyLimit { get; private set; }

    /// <summary>True (and counted) when the conditions hold and fires are left.</summary>
    internal bool TryFire(ProxiedRequest request)
    {
        if (!_conditions.TrueForAll(c => c(request)))
        {
            return false;
        }

        while (true)
        {
            int left = Volatile.Read(ref _left);
            if (left == 0)
            {
                return false;
            }

            if (left == int.MaxValue || Interlocked.CompareExchange(ref _left, left - 1, left) == left)
            {
                Interlocked.Increment(ref _fired);
                return true;
            }
        }
    }

    internal void Validate()
    {
        if (_actions.Count == 0)
        {
            throw new InvalidOperationException($"Fault rule {this} has no action: call Respond, CutResponseAfter, ... before AddRule.");
        }
    }

    private FaultRule Answer(AnswerKind kind, string name, FaultResponse? response)
    {
        Set(ref _answers, name);
        Answers = kind;
        Response = response;
        return this;
    }

    private FaultRule EndBody(BodyEnd kind, long after, TimeSpan duration, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(after);
        Set(ref _endsBody, name);
        BodyLimit = (kind, after, duration);
        return this;
    }

    private FaultRule Set(ref bool stage, string name)
    {
        if (stage)
        {
            throw new InvalidOperationException($"Fault rule {this} already has an action of this kind; {name} cannot be added to it.");
        }

        stage = true;
        _actions.Add(name);
        return this;
    }

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(CultureInfo.InvariantCulture);
}
