using System.Net;
using System.Text;
using Signing.S3;

namespace Signing.Cli;

internal sealed partial class S3Command
{
    /// <summary>
    /// <c>presign-post s3://bucket/key-or-prefix/</c>: prints the URL and form fields of a presigned
    /// POST (a browser upload) as JSON <c>{"url": ..., "fields": {...}}</c>, or with <c>--html</c> a
    /// ready upload form. A key ending in '/' (or the bucket alone) is a prefix: any file name under
    /// it (<c>${filename}</c>); SigV2 under <c>--signature v2</c> and <c>hybrid</c>.
    /// </summary>
    private int PresignPost()
    {
        var path = OnePath();
        UsageException.ThrowIf(_client.Options.Credentials is null, "s3 presign-post: a POST policy is signed with credentials: drop --no-sign-request.");

        string key = path.IsFolder ? path.Key + PostPolicy.FileNameVariable : path.Key;
        var options = new PresignPostOptions
        {
            MinContentLength = _args.ContentLengthRange?.Min ?? 0,
            MaxContentLength = _args.ContentLengthRange?.Max,
            ContentType = _args.ContentType,
            Acl = _args.Acl,
        };
        var post = _client.PresignPost(path.Bucket, key, TimeSpan.FromSeconds(_args.ExpiresIn), options);
        _out.Write(_args.Html ? Html(path, post) : Json(post));
        return ExitCodes.Ok;
    }

    /// <summary><c>{"url": "...", "fields": {"name": "value", ...}}</c>, indented, with a final newline.</summary>
    private static string Json(S3PresignedPost post) => IndentedJson(json =>
    {
        json.WriteString("url", post.Url.OriginalString);
        json.WriteStartObject("fields");
        foreach (var (name, value) in post.Fields)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
    });

    /// <summary>A page with the upload form: the fields as hidden inputs, then the file input (S3 wants it last).</summary>
    private static string Html(S3Path path, S3PresignedPost post)
    {
        static string E(string s) => WebUtility.HtmlEncode(s);
        var html = new StringBuilder();
        html.Append("<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>Upload to ").Append(E(path.Bucket)).Append("</title></head>\n<body>\n");
        html.Append("<!-- Presigned POST made by sigv; the policy expires ").Append(post.Expiration.UtcDateTime.ToString("u", System.Globalization.CultureInfo.InvariantCulture)).Append(". -->\n");
        html.Append("<form action=\"").Append(E(post.Url.OriginalString)).Append("\" method=\"post\" enctype=\"multipart/form-data\">\n");
        foreach (var (name, value) in post.Fields)
        {
            html.Append("  <input type=\"hidden\" name=\"").Append(E(name)).Append("\" value=\"").Append(E(value)).Append("\">\n");
        }

        html.Append("  <input type=\"file\" name=\"file\">\n  <input type=\"submit\" value=\"Upload\">\n</form>\n</body></html>\n");
        return html.ToString();
    }
}
