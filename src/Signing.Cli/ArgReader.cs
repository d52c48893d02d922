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

        UsageException.ThrowIf(_index >= args.Length, $"{flag} needs a value.");

        return args[_index++];
    }

    /// <summary>The flag name of <paramref name="arg"/> without a glued value.</summary>
    public static string FlagName(string arg) =>
        arg.StartsWith("--", StringComparison.Ordinal) ? arg.Split('=', 2)[0]
        : arg.Length > 2 && arg[0] == '-' ? arg[..2]
        : arg;
}

/// <summary>
/// The flags of a command, by spelling: switches, and flags whose value <see cref="ArgReader.Value"/>
/// reads. Spellings are given space-separated (<c>"-T --upload-file"</c>); the first names the flag
/// in a "needs a value" message, whichever was typed.
/// </summary>
internal sealed class FlagTable<T>
{
    private readonly Dictionary<string, (string Shown, Action<T>? Set, Action<T, string>? Take)> _flags = new(StringComparer.Ordinal);

    /// <summary>Adds a flag that takes no value.</summary>
    public FlagTable<T> Switch(string spellings, Action<T> set) => Add(spellings, set, null);

    /// <summary>Adds a flag that takes a value.</summary>
    public FlagTable<T> Value(string spellings, Action<T, string> take) => Add(spellings, null, take);

    /// <summary>Whether <paramref name="name"/> (a flag name, as <see cref="ArgReader.FlagName"/> gives it) is one of the table's switches.</summary>
    public bool IsSwitch(string name) => _flags.TryGetValue(name, out var flag) && flag.Set is not null;

    /// <summary>Whether <paramref name="name"/> is one of the table's flags.</summary>
    public bool Contains(string name) => _flags.ContainsKey(name);

    /// <summary>Takes <paramref name="arg"/> (and its value) into <paramref name="target"/> if it is one of the table's flags; false if not.</summary>
    public bool TryTake(T target, string arg, ArgReader reader)
    {
        if (!_flags.TryGetValue(ArgReader.FlagName(arg), out var flag))
        {
            return false;
        }

        if (flag.Set is { } set)
        {
            set(target);
        }
        else
        {
            flag.Take!(target, reader.Value(flag.Shown, arg));
        }

        return true;
    }

    private FlagTable<T> Add(string spellings, Action<T>? set, Action<T, string>? take)
    {
        string[] names = spellings.Split(' ');
        foreach (string name in names)
        {
            _flags.Add(name, (names[0], set, take));
        }

        return this;
    }
}
