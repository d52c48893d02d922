using Signing.Internal;

namespace Signing.Tests.Internal;

public class SigV4ConstantsTests
{
    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (string n in SigV4Constants.NeverSigned)
        {
            data.Add(n);
            data.Add(n.ToUpperInvariant());
        }

        foreach (string n in new[] { "Host", "HOST", "X-Amz-Security-Token", "x-amz-content-sha256", "X-AMZ-CONTENT-SHA256", "Content-Type", "x-amz-meta-te", "tf", "hosts", "x-amz-datE", "x-amz-dates", "Proxy-Connectio", "Proxy-Authenticatf", "proxy-authenticat", "connectiom", "x-amz-security-tokem", "Range", "" })
        {
            data.Add(n);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void SigV4Constants_Classify_AgreesWithTheNeverSignedList(string name)
    {
        string lower = name.ToLowerInvariant();
        var expected = SigV4Constants.NeverSigned.Contains(lower) ? SigV4Constants.HeaderKind.NeverSigned
            : lower == "host" ? SigV4Constants.HeaderKind.Host
            : lower == SigV4Constants.XAmzSecurityToken ? SigV4Constants.HeaderKind.SecurityToken
            : lower == SigV4Constants.XAmzContentSha256 ? SigV4Constants.HeaderKind.ContentSha256
            : SigV4Constants.HeaderKind.Signed;
        Assert.Equal(expected, SigV4Constants.Classify(name));
    }
}
