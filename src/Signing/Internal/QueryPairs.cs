namespace Signing.Internal;

/// <summary>
/// Enumerates the <c>&amp;</c>-separated pieces of a wire query, skipping empty ones; each as the
/// raw piece, its key (up to the first <c>=</c>) and its value (after it; empty for a bare key).
/// </summary>
internal ref struct QueryPairs
{
    private readonly ReadOnlySpan<char> _query;
    private int _start;

    public QueryPairs(ReadOnlySpan<char> query)
    {
        _query = query;
        _start = 0;
        Current = default;
    }

    public QueryPair Current { get; private set; }

    public readonly QueryPairs GetEnumerator() => this;

    public bool MoveNext()
    {
        while (_start <= _query.Length)
        {
            int amp = _query[_start..].IndexOf('&');
            int end = amp < 0 ? _query.Length : _start + amp;
            var pair = _query[_start..end];
            _start = end + 1;
            if (!pair.IsEmpty)
            {
                Current = new QueryPair(pair);
                return true;
            }
        }

        return false;
    }
}

/// <summary>One query piece: <c>key=value</c>, or a bare <c>key</c>.</summary>
internal readonly ref struct QueryPair
{
    public QueryPair(ReadOnlySpan<char> pair)
    {
        Pair = pair;
        int eq = pair.IndexOf('=');
        Key = eq < 0 ? pair : pair[..eq];
        Value = eq < 0 ? default : pair[(eq + 1)..];
        HasValue = eq >= 0;
    }

    public ReadOnlySpan<char> Pair { get; }

    public ReadOnlySpan<char> Key { get; }

    public ReadOnlySpan<char> Value { get; }

    public bool HasValue { get; }
}
