namespace Signing.Cli;

/// <summary>Reads curl-style arguments: <c>-X GET</c>, <c>-XGET</c>, <c>--flag value</c>, <c>--flag=value</c>.</summary>
internal sealed class ArgReader(string[] args)
{
    private int _index;

    public bool More => _index < args.Length;

    public string Next() => args[_index++];

    /// <summary>The value of <paramref name="flag"/>: the rest of a glued short flag, after '=', or the next argument.</summary>
    public string Value(string flag, string arg)
    {
        if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
        {
            return arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }

        if (!arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
        {
            return arg[2..];
        }

        if (_index >= args.Length)
        {
            throw new UsageException($"{flag} needs a value.");
        }

        return args[_index++];
    }

    /// <summary>The flag name of <paramref name="arg"/> without a glued value.</summary>
    public static string FlagName(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) ? arg.Split('=', 2)[0]
        : arg.Length > 2 && arg[0] == '-' ? arg[..2]
        : arg;
}
