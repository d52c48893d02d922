using System.Text;

namespace Signing.Cli;

/// <summary>
/// Standard error as sigv writes it: line by line, each line cleared of the run's secrets (see
/// <see cref="RunContext.Redact"/>) before it is written, so no message, library text or server
/// answer quoted in one can show the secret key or the session token.
/// </summary>
internal sealed class RedactingWriter(TextWriter inner, RunContext run) : TextWriter
{
    private readonly StringBuilder _line = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value)
    {
        lock (_line)
        {
            _line.Append(value);
            if (value == '\n')
            {
                Emit();
            }
        }
    }

    public override void Write(string? value)
    {
        if (value is null)
        {
            return;
        }

        lock (_line)
        {
            int start = 0;
            int newline;
            while ((newline = value.IndexOf('\n', start)) >= 0)
            {
                _line.Append(value, start, newline - start + 1);
                Emit();
                start = newline + 1;
            }

            _line.Append(value, start, value.Length - start);
        }
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write(value + new string(CoreNewLine));

    public override void Flush()
    {
        lock (_line)
        {
            if (_line.Length > 0)
            {
                Emit();
            }
        }

        inner.Flush();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }

    private void Emit()
    {
        inner.Write(run.Redact(_line.ToString()));
        _line.Clear();
        inner.Flush();
    }
}
