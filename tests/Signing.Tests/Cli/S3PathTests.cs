using Signing.Cli;

namespace Signing.Tests.Cli;

public class S3PathTests
{
    [Theory]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("s3://bucket/", "bucket", "")]
    [InlineData("s3://bucket/key.txt", "bucket", "key.txt")]
    [InlineData("s3://bucket/a/b/c.txt", "bucket", "a/b/c.txt")]
    [InlineData("s3://bucket/dir/", "bucket", "dir/")]
    [InlineData("S3://bucket/k", "bucket", "k")]
    [InlineData("s3://bucket/a%20b+c//d", "bucket", "a%20b+c//d")]
    public void S3Path_Parse_SplitsBucketAndKeyAsTyped(string text, string bucket, string key)
    {
        var path = S3Path.Parse(text);
        Assert.Equal(bucket, path.Bucket);
        Assert.Equal(key, path.Key);
    }

    [Theory]
    [InlineData("bucket/key")]
    [InlineData("s3:/bucket")]
    [InlineData("s3://")]
    [InlineData("s3:///key")]
    [InlineData("https://bucket.s3.amazonaws.com/key")]
    public void S3Path_Parse_NotAnS3Uri_UsageErrorSayingTheForm(string text)
    {
        var e = Assert.Throws<UsageException>(() => S3Path.Parse(text));
        Assert.Contains("s3://BUCKET/KEY", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3://b", true, "", "")]
    [InlineData("s3://b/logs", false, "logs/", "logs")]
    [InlineData("s3://b/logs/", true, "logs/", "")]
    [InlineData("s3://b/a/b.txt", false, "a/b.txt/", "b.txt")]
    public void S3Path_FolderPrefixAndName(string text, bool isFolder, string folderPrefix, string name)
    {
        var path = S3Path.Parse(text);
        Assert.Equal(isFolder, path.IsFolder);
        Assert.Equal(folderPrefix, path.FolderPrefix);
        Assert.Equal(name, path.Name);
    }

    [Theory]
    [InlineData("s3://b", "x.txt", "s3://b/x.txt")]
    [InlineData("s3://b/dir/", "x.txt", "s3://b/dir/x.txt")]
    [InlineData("s3://b/dir", "x.txt", "s3://b/dir/x.txt")]
    public void S3Path_Append_JoinsAsFolder(string text, string name, string expected) =>
        Assert.Equal(expected, S3Path.Parse(text).Append(name).ToString());
}
