using Signing.Cli;

namespace Signing.Tests.Cli;

public class ContentTypesTests
{
    [Theory]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("dir/data.JSON", "application/json")]
    [InlineData("/tmp/cat.png", "image/png")]
    [InlineData("photo.jpeg", "image/jpeg")]
    [InlineData("site/index.html", "text/html")]
    [InlineData("backup.tar.gz", "application/gzip")]
    [InlineData("blob.bin", "application/octet-stream")]
    [InlineData("Makefile", "application/octet-stream")]
    public void ContentTypes_Guess_ByExtension(string name, string expected) =>
        Assert.Equal(expected, ContentTypes.Guess(name));
}
