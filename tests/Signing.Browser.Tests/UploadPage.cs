using System.Net;
using System.Text;
using Signing.S3;

namespace Signing.Browser.Tests;

/// <summary>One upload form on the page: a presigned POST's URL and fields, with field values the test overrides (to break a condition).</summary>
public sealed record FormCase(string Id, string Title, S3PresignedPost Post, IReadOnlyDictionary<string, string>? Override = null);

/// <summary>
/// The test page: one real HTML form per case (the presigned POST's fields as hidden inputs, then
/// the file input, last), sent either natively into an iframe (the success redirect brings the
/// iframe back to this origin, so the page can read it) or through fetch(FormData) (the page reads
/// RGW's answer, which needs the bucket's CORS to allow this origin); and fetch() PUTs to a
/// presigned URL. Every outcome is written into the page.
/// </summary>
public static class UploadPage
{
    public static string Build(string origin, string rgw, IEnumerable<FormCase> forms)
    {
        var html = new StringBuilder();
        html.Append($$"""
            <!doctype html>
            <html><head><meta charset="utf-8"><title>Browser uploads to RGW</title>
            <style>
              body { font: 14px sans-serif; margin: 16px; }
              .case { border: 1px solid #bbb; border-radius: 4px; margin: 8px 0; padding: 6px 10px; }
              h2 { font-size: 15px; margin: 4px 0; }
              .result { font-family: monospace; padding: 3px 0; min-height: 1em; }
              .ok { color: #060; } .err { color: #b00; }
              iframe { width: 100%; height: 40px; border: 1px dashed #ccc; }
            </style></head>
            <body>
            <h1>Browser uploads: page on {{Encode(origin)}}, bucket on {{Encode(rgw)}}</h1>
            """);
        foreach (var form in forms)
        {
            html.Append($"<div class=\"case\"><h2>{Encode(form.Title)}</h2>\n");
            html.Append($"<form id=\"form-{form.Id}\" action=\"{Encode(form.Post.Url.OriginalString)}\" method=\"post\" enctype=\"multipart/form-data\" target=\"sink\">\n");
            foreach (var (name, value) in form.Post.Fields)
            {
                string sent = form.Override is not null && form.Override.TryGetValue(name, out var changed) ? changed : value;
                html.Append($"  <input type=\"hidden\" name=\"{Encode(name)}\" value=\"{Encode(sent)}\">\n");
            }

            html.Append("  <input type=\"file\" name=\"file\">\n</form>\n");
            html.Append($"<div class=\"result\" id=\"result-{form.Id}\"></div></div>\n");
        }

        html.Append("""
            <div class="case"><h2>fetch() PUT to a presigned URL</h2>
            <div class="result" id="result-put-before"></div><div class="result" id="result-put-after"></div></div>
            <iframe name="sink" id="sink"></iframe>
            <script>
            function show(id, ok, text) {
              const e = document.getElementById(id);
              e.className = 'result ' + (ok ? 'ok' : 'err');
              e.textContent = text;
            }
            // A native form submission into the iframe; S3's success redirect brings it back to this origin.
            function viaForm(id) {
              const sink = document.getElementById('sink');
              sink.onload = () => {
                try {
                  const l = sink.contentWindow.location;
                  const q = new URLSearchParams(l.search);
                  show('result-' + id, l.pathname === '/uploaded', 'form: uploaded ' + q.get('bucket') + '/' + q.get('key') + ' etag ' + q.get('etag'));
                } catch (e) {
                  show('result-' + id, false, 'form: refused (the answer stays on the bucket origin): ' + e.name);
                }
              };
              document.getElementById('form-' + id).submit();
            }
            // The same form through fetch(FormData): the page reads RGW's answer (needs CORS).
            async function viaFetch(id) {
              const f = document.getElementById('form-' + id);
              try {
                const r = await fetch(f.action, { method: 'POST', body: new FormData(f) });
                const t = await r.text();
                const code = (t.match(/<Code>(.*?)<\/Code>/) || [])[1] || '';
                const message = (t.match(/<Message>(.*?)<\/Message>/) || [])[1] || '';
                show('result-' + id, r.ok, ('POST ' + r.status + ' ' + code + ' ' + message).trim());
              } catch (e) {
                show('result-' + id, false, 'POST blocked: ' + e);
              }
            }
            async function putViaFetch(url, text, id) {
              try {
                const r = await fetch(url, { method: 'PUT', body: text, headers: { 'Content-Type': 'text/plain' } });
                show(id, r.ok, 'PUT ' + r.status + (r.ok ? ' stored' : ''));
              } catch (e) {
                show(id, false, 'PUT blocked by CORS: ' + e);
              }
            }
            </script>
            </body></html>
            """);
        return html.ToString();
    }

    private static string Encode(string s) => WebUtility.HtmlEncode(s);
}
