using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;

namespace Signing.Tests.Properties;

/// <summary>
/// The hand-written policy document against System.Text.Json: any text a policy accepts (any
/// UTF-16 beyond control characters, quotes, backslashes, surrogate pairs) comes back from a JSON
/// parser as given, and the document stays ASCII; anything else is refused with ArgumentException.
/// </summary>
public class PostPolicyPropertyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);

    private static Arbitrary<string> Texts() => Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null),
            Gen.Elements("\"", "\\", "\u00e9", "\ud83d\ude00", "</script>", "${filename}", "\u2028", "\u007f", "a\r\nb", string.Empty))
        .ListOf().Select(parts => string.Concat(parts))
        .ToArbitrary();

    [Fact]
    public void PostPolicy_Document_ParsesBackToTheValuesGiven() =>
        PropertyRunner.Check(nameof(PostPolicy_Document_ParsesBackToTheValuesGiven), 16, 300, Texts(), value =>
        {
            var policy = new PostPolicy(Now.AddHours(1));
            try
            {
                policy.SetMetadata("note", value).SetKeyStartsWith(value);
            }
            catch (ArgumentException)
            {
                Assert.Contains(value, c => c < ' ' || c == '\u007f'); // only control characters are refused
                return;
            }

            var signed = new SigV4Signer(new AwsCredentials("AKIDEXAMPLE", SigV4SignerTests.Secret), "us-east-1", "s3").SignPostPolicy(policy, Now);
            Assert.True(Encoding.UTF8.GetByteCount(signed.Document) == signed.Document.Length, "the document is ASCII");
            using var doc = JsonDocument.Parse(Convert.FromBase64String(signed.Policy));
            var conditions = doc.RootElement.GetProperty("conditions");
            Assert.Equal(value, conditions[0].GetProperty("x-amz-meta-note").GetString());
            Assert.Equal(["starts-with", "$key", value], conditions[1].EnumerateArray().Select(e => e.GetString()));
            Assert.Equal("2026-01-15T11:30:00Z", doc.RootElement.GetProperty("expiration").GetString());
        });
}
