using System.Net;
using System.Text;

namespace Signing.S3.Tests.Unit;

/// <summary>A request as the fake server saw it.</summary>
public sealed record RecordedRequest(string Method, Uri Uri, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string PathAndQuery => Uri.PathAndQuery;

    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    public string Authorization => Header("Authorization") ?? string.Empty;
}

/// <summary>An in-process HTTP handler answering with canned responses, in order, and recording every request.</summary>
public sealed class FakeHandler : HttpMessageHandler
{
    private readonly Queue<Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _replies = new();

    public List<RecordedRequest> Requests { get; } = [];

    /// <summary>The answer once the queue is empty: 200 with no body.</summary>
    public Func<RecordedRequest, HttpResponseMessage> Default { get; set; } = _ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };

    public FakeHandler Reply(HttpStatusCode status, string body = "", params (string Name, string Value)[] headers)
    {
        _replies.Enqueue((_, _) => Task.FromResult(Response(status, body, headers)));
        return this;
    }

    public FakeHandler Reply(Func<RecordedRequest, HttpResponseMessage> reply)
    {
        _replies.Enqueue((r, _) => Task.FromResult(reply(r)));
        return this;
    }

    public FakeHandler Throw(Exception e)
    {
        _replies.Enqueue((_, _) => Task.FromException<HttpResponseMessage>(e));
        return this;
    }

    /// <summary>Never answers: the request waits until cancelled (a timeout).</summary>
    public FakeHandler Hang()
    {
        _replies.Enqueue(async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    public static HttpResponseMessage Response(HttpStatusCode status, string body = "", params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) };
        foreach (var (name, value) in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
    }

    /// <summary>
    /// A multipart-upload server: CreateMultipartUpload answers upload id <c>up-1</c>, part N the ETag
    /// <c>"pN"</c> (part <paramref name="failingPart"/> 400 InvalidPart), CompleteMultipartUpload the
    /// ETag <c>"done"</c>, anything else (the abort) 204.
    /// </summary>
    public static HttpResponseMessage Multipart(RecordedRequest r, int? failingPart = null)
    {
        string? part = r.Method == "PUT" ? r.PathAndQuery.Split("partNumber=")[1].Split('&')[0] : null;
        return r.Method switch
        {
            "POST" when r.PathAndQuery.EndsWith("?uploads", StringComparison.Ordinal) => Response(HttpStatusCode.OK, "<InitiateMultipartUploadResult><UploadId>up-1</UploadId></InitiateMultipartUploadResult>"),
            "POST" => Response(HttpStatusCode.OK, "<CompleteMultipartUploadResult><ETag>\"done\"</ETag></CompleteMultipartUploadResult>"),
            "PUT" when part == failingPart?.ToString(System.Globalization.CultureInfo.InvariantCulture) => Response(HttpStatusCode.BadRequest, ErrorXml("InvalidPart")),
            "PUT" => Response(HttpStatusCode.OK, string.Empty, ("ETag", $"\"p{part}\"")),
            _ => Response(HttpStatusCode.NoContent),
        };
    }

    public static string ErrorXml(string code, string message = "msg", string? extra = null) =>
        $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{code}</Code><Message>{message}</Message><Resource>/b/k</Resource><RequestId>req-1</RequestId>{extra}</Error>";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        byte[] body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in request.Headers.NonValidated)
        {
            headers[h.Key] = h.Value.ToString();
        }

        if (request.Content is not null)
        {
            foreach (var h in request.Content.Headers.NonValidated)
            {
                headers[h.Key] = h.Value.ToString();
            }
        }

        var recorded = new RecordedRequest(request.Method.Method, request.RequestUri!, headers, body);
        lock (Requests)
        {
            Requests.Add(recorded);
        }

        Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>? reply;
        lock (_replies)
        {
            _replies.TryDequeue(out reply);
        }

        return reply is null ? Default(recorded) : await reply(recorded, cancellationToken);
    }
}

/// <summary>A clock that starts at a fixed time and moves only when told.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    /// <summary>Added to <see cref="Now"/> after every reading.</summary>
    public TimeSpan Step { get; set; }

    public override DateTimeOffset GetUtcNow()
    {
        var now = Now;
        Now += Step;
        return now;
    }
}

/// <summary>Builds clients over a <see cref="FakeHandler"/> with test credentials and no real back-off waits.</summary>
public static class Fake
{
    public const string AccessKey = "AKIDEXAMPLE";
    public const string SecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    public static readonly DateTimeOffset Time = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    public static S3ClientOptions Options(string endpoint = "http://s3.test:9000") => new()
    {
        Endpoint = new Uri(endpoint),
        Credentials = new AwsCredentials(AccessKey, SecretKey),
        TimeProvider = new ManualClock(Time),
    };

    public static (S3Client Client, FakeHandler Handler, List<TimeSpan> Delays) Client(S3ClientOptions? options = null)
    {
        var handler = new FakeHandler();
        var delays = new List<TimeSpan>();
        var client = new S3Client(options ?? Options(), handler);
        client.Delay = (d, _) =>
        {
            delays.Add(d);
            return Task.CompletedTask;
        };
        return (client, handler, delays);
    }
}
