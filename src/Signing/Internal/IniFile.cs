namespace Signing.Internal;

/// <summary>
/// The AWS shared-file INI dialect: <c>[section]</c>, <c>key = value</c>, comments with # or ;, and
/// sub-sections: a key with an empty value followed by indented keys (<c>s3 =</c> then
/// <c>  endpoint_url = ...</c>), read as <c>s3.endpoint_url</c>.
/// </summary>
internal sealed class IniFile
{
    private readonly Dictionary<string, Dictionary<string, string>> _sections = new(StringComparer.Ordinal);

    /// <summary>The most characters read from a shared file: far more than any real one holds.</summary>
    public const int MaxChars = 16 * 1024 * 1024;

    /// <summary>
    /// Reads and parses <paramref name="path"/>, or null when there is no such file. A file larger
    /// than <see cref="MaxChars"/> (or endless, such as a device) or one that cannot be read throws
    /// <see cref="CredentialsNotFoundException"/> naming it; its content is never shown.
    /// </summary>
    public static IniFile? TryRead(string path)
    {
        if (path.Length == 0 || !File.Exists(path))
        {
            return null;
        }

        try
        {
            using var reader = new StreamReader(path);
            var buffer = new char[Math.Min(MaxChars + 1, 64 * 1024)];
            var text = new System.Text.StringBuilder();
            int n;
            while ((n = reader.Read(buffer)) > 0)
            {
                text.Append(buffer, 0, n);
                if (text.Length > MaxChars)
                {
                    throw new CredentialsNotFoundException($"{path} is too large to be a credentials or config file (more than {MaxChars / (1024 * 1024)} MiB): point AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE at the right file.");
                }
            }

            return Parse(text.ToString().Split('\n'));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsNotFoundException($"{path} cannot be read ({ex.Message}): check its permissions, or point AWS_SHARED_CREDENTIALS_FILE or AWS_CONFIG_FILE elsewhere.", ex);
        }
    }

    public static IniFile Parse(IEnumerable<string> lines)
    {
        var file = new IniFile();
        Dictionary<string, string>? current = null;
        string? parent = null; // a key with an empty value: indented keys under it are its sub-section ("s3 =" then "  endpoint_url = ...")
        foreach (string raw in lines)
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            bool indented = raw[0] is ' ' or '\t';

            if (line[0] == '[' && line[^1] == ']')
            {
                string name = string.Join(' ', line[1..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                parent = null;
                if (!file._sections.TryGetValue(name, out current))
                {
                    current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    file._sections[name] = current;
                }

                continue;
            }

            int eq = line.IndexOf('=', StringComparison.Ordinal);
            if (current is not null && eq > 0)
            {
                string key = line[..eq].Trim(), value = line[(eq + 1)..].Trim();
                if (indented && parent is not null)
                {
                    current[parent + "." + key] = value; // read as Get(section, "s3.endpoint_url")
                    continue;
                }

                current[key] = value;
                parent = value.Length == 0 ? key : null;
            }
        }

        return file;
    }

    public string? Get(string section, string key) =>
        _sections.TryGetValue(section, out var values) && values.TryGetValue(key, out string? value) && value.Length > 0 ? value : null;
}
