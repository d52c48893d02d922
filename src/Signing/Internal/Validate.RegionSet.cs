namespace Signing.Internal;

internal static partial class Validate
{
    /// <summary>The most regions a SigV4a region set holds here (AWS has a few dozen regions).</summary>
    public const int MaxRegionSetCount = 256;

    /// <summary>
    /// A SigV4a region set: at least one entry, each a non-empty region name or wildcard pattern
    /// (<c>us-east-1</c>, <c>us-*</c>, <c>*</c>) of printable ASCII without a comma (the entries are
    /// comma-joined on the wire) or white space. Returns the entries joined with commas.
    /// </summary>
    public static string RegionSet(IEnumerable<string?>? regionSet, string parameter)
    {
        if (regionSet is null)
        {
            ThrowHelper.Null(parameter);
        }

        var joined = new System.Text.StringBuilder();
        int index = 0;
        foreach (string? region in regionSet)
        {
            if (string.IsNullOrEmpty(region))
            {
                ThrowHelper.Argument(parameter, $"{parameter} entry {index + 1} is empty: pass region names such as 'us-east-1', or '*' for every region.");
            }

            if (region.Length > MaxScopePartLength)
            {
                ThrowHelper.Argument(parameter, $"{parameter} entry {index + 1} {ThrowHelper.Show(region)} is {region.Length} characters long: at most {MaxScopePartLength}; pass a region name such as 'us-east-1'.");
            }

            foreach (char c in region)
            {
                if (c is <= ' ' or >= (char)0x7F or ',')
                {
                    string fix = c == ',' ? "pass each region as its own entry" : "pass a plain region name such as 'us-east-1', or '*'";
                    ThrowHelper.Argument(parameter, $"{parameter} entry {index + 1} {ThrowHelper.Show(region)} contains {Describe(c)}: {fix}.");
                }
            }

            if (++index > MaxRegionSetCount)
            {
                ThrowHelper.Argument(parameter, $"{parameter} has more than {MaxRegionSetCount} entries: pass fewer, or '*' for every region.");
            }

            joined.Append(index > 1 ? "," : string.Empty).Append(region);
        }

        if (index == 0)
        {
            ThrowHelper.Argument(parameter, $"{parameter} is empty: pass at least one region such as 'us-east-1', or '*' for every region.");
        }

        return joined.ToString();
    }
}
