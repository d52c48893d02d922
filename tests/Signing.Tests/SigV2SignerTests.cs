namespace Signing.Tests;

public class SigV2SignerTests
{
    private static readonly DateTimeOffset Time = new(2007, 3, 27, 19, 36, 42, TimeSpan.Zero);

    /// <summary>String size on a 64-bit runtime: header, length, chars and terminator, rounded up to 8 bytes.</summary>
    private static long StringSize(string s) => (22 + (2L * s.Length) + 7) & ~7L;

    [Fact]
    public void SigV2Signer_Sign_AllocatesOnlyWhatItReturns()
    {
        var signer = new SigV2Signer(new AwsCredentials("AKIAIOSFODNN7EXAMPLE", SigV4SignerTests.Secret));
        HttpHeader[] headers =
        [
            new("Host", "johnsmith.s3.amazonaws.com"), new("Content-Type", "image/jpeg"), new("Content-MD5", "4gJE4saaMU4BqNR0kLY+lw=="),
            new("x-amz-acl", "public-read"), new("X-Amz-Meta-ReviewedBy", "joe@johnsmith.net"), new("X-Amz-Meta-Note", "  two   words "),
        ];
        SignedRequest Sign() => signer.Sign(new HttpRequestView("PUT", "/photos/puppy.jpg", "acl&versionId=3", headers), Time, "johnsmith");
        for (int i = 0; i < 100; i++)
        {
            Sign(); // warm-up: the signer's keyed HMAC, JIT tiers
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        var signed = Sign();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // The Authorization and Date strings, the two-header array and the SignedRequest: nothing else.
        long results = StringSize(signed.Authorization) + StringSize(signed.Headers[1].Value) + 24 + (2 * 16);
        Assert.InRange(allocated, results, results + 96);
        Assert.Equal(signed.Authorization[^28..], signed.Signature);
    }
}
