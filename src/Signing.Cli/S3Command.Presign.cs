namespace Signing.Cli;

internal sealed partial class S3Command
{
    /// <summary>
    /// <c>presign s3://bucket/key</c>: prints a presigned GET URL, or with <c>--method PUT</c> an
    /// upload URL (bound to --content-type when given), valid --expires-in seconds; SigV2 under
    /// <c>--signature v2</c> and <c>hybrid</c>, as the client signs object data.
    /// </summary>
    private int Presign()
    {
        var path = ObjectPath();
        UsageException.ThrowIf(_client.Options.Credentials is null, "s3 presign: a presigned URL is signed with credentials: drop --no-sign-request.");

        var expires = TimeSpan.FromSeconds(_args.ExpiresIn);
        var url = _args.Method == "PUT"
            ? _client.PresignPutObject(path.Bucket, path.Key, expires, _args.ContentType)
            : _client.PresignGetObject(path.Bucket, path.Key, expires);
        _out.WriteLine(url.OriginalString);
        return ExitCodes.Ok;
    }
}
