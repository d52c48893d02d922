using System.Net;
using Signing.S3;

namespace Signing.Cli.Tests;

/// <summary>
/// Issue 10, item 6: keys ending in '/' (folder markers, made by consoles and boto3 with a 0-byte
/// PutObject) are objects to <c>cp</c>, <c>cat</c>, <c>rm</c> and <c>presign</c>, as with
/// <c>aws s3</c> (awscli's filegenerator takes a non-recursive s3 path with a key as that one
/// object, trailing '/' included); <c>s3://bucket/</c> alone still names no object.
/// </summary>
public sealed class S3FolderMarkerEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sigv-marker-e2e-").FullName;

    private static TestServer Server => TestServers.Get(TestServers.Rgw);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [IntegrationFact(TestServers.Rgw)]
    public async Task SigvS3_FolderMarker_ReadCopiedPresignedAndDeletedAsAnObject()
    {
        using var s3 = Rgw.Client();
        string bucket = $"sigv-marker-{Guid.NewGuid():N}"[..30];
        await s3.CreateBucketAsync(bucket);
        try
        {
            await s3.PutObjectAsync(bucket, "dir/", Array.Empty<byte>());
            await s3.PutObjectAsync(bucket, "dir/inside.txt", "kept"u8.ToArray());

            var toStdout = await OkAsync("s3", "cp", $"s3://{bucket}/dir/", "-");
            Assert.Empty(toStdout.StdoutBytes);
            Assert.Empty((await OkAsync("s3", "cat", $"s3://{bucket}/dir/")).StdoutBytes);

            string file = Path.Combine(_dir, "marker.bin");
            var download = await OkAsync("s3", "cp", $"s3://{bucket}/dir/", file);
            Assert.Equal($"download: s3://{bucket}/dir/ to {file}\n", download.Stdout);
            Assert.Equal(0, new FileInfo(file).Length);

            var intoDirectory = await SigvAsync("s3", "cp", $"s3://{bucket}/dir/", _dir);
            Assert.True(intoDirectory.ExitCode == 2, intoDirectory.ToString());
            Assert.Contains("folder marker", intoDirectory.Stderr, StringComparison.Ordinal);

            var copy = await OkAsync("s3", "cp", $"s3://{bucket}/dir/", $"s3://{bucket}/copies/");
            Assert.Equal($"copy: s3://{bucket}/dir/ to s3://{bucket}/copies/dir/\n", copy.Stdout);
            Assert.Equal(0, (await s3.HeadObjectAsync(bucket, "copies/dir/")).ContentLength);

            string url = (await OkAsync("s3", "presign", $"s3://{bucket}/dir/", "--expires-in", "300")).Stdout.Trim();
            Assert.StartsWith($"{Server.Endpoint.ToString().TrimEnd('/')}/{bucket}/dir/?", url, StringComparison.Ordinal);
            using (var http = new HttpClient())
            using (var response = await http.GetAsync(new Uri(url)))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            var rm = await OkAsync("s3", "rm", $"s3://{bucket}/dir/");
            Assert.Equal($"delete: s3://{bucket}/dir/\n", rm.Stdout);
            var keys = new List<string>();
            await foreach (var o in s3.ListAllObjectsAsync(bucket))
            {
                keys.Add(o.Key);
            }

            Assert.Equal(["copies/dir/", "dir/inside.txt"], keys.Order(StringComparer.Ordinal));

            foreach (string command in new[] { "rm", "cat", "presign" })
            {
                var root = await SigvAsync("s3", command, $"s3://{bucket}/");
                Assert.True(root.ExitCode == 2, root.ToString());
                Assert.Contains("names no object", root.Stderr, StringComparison.Ordinal);
            }
        }
        finally
        {
            await SigvAsync("s3", "rb", "--force", $"s3://{bucket}");
        }
    }

    private static Dictionary<string, string> Env() => Rgw.Environment();

    private static Task<SigvResult> SigvAsync(params string[] args) => SigvProcess.RunAsync(args, Env());

    private static async Task<SigvResult> OkAsync(params string[] args)
    {
        var result = await SigvAsync(args);
        Assert.True(result.ExitCode == 0, $"sigv {string.Join(' ', args)}: {result}");
        return result;
    }
}
