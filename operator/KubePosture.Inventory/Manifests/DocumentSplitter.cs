namespace KubePosture.Inventory.Manifests;

/// <summary>
/// Splits a character stream into YAML documents at <c>---</c> / <c>...</c> markers in column 0 without buffering a
/// whole document: <see cref="Current"/> is a <see cref="TextReader"/> that ends at the next marker, so a YAML parser
/// can stream one document while a syntax error in it cannot derail the following ones.
/// </summary>
internal sealed class DocumentSplitter
{
    private readonly TextReader _source;
    private readonly char[] _buffer = new char[16 * 1024];
    private int _position;
    private int _length;
    private bool _atLineStart = true;
    private bool _sourceDone;
    private bool _segmentDone;
    private long _line = 1;

    public DocumentSplitter(TextReader source)
    {
        _source = source;
        Current = new Segment(this);
    }

    /// <summary>The document being read; call <see cref="MoveNext"/> first.</summary>
    public TextReader Current { get; }

    /// <summary>1-based line in the source where the current document starts.</summary>
    public long StartLine { get; private set; } = 1;

    private bool _started;

    /// <summary>Advances to the next document (draining what is left of the current one); false at the end of the input.</summary>
    public bool MoveNext()
    {
        if (_started)
        {
            while (ReadChar() >= 0)
            {
            }
        }

        _started = true;
        if (!Fill(1))
            return false;
        _segmentDone = false;
        StartLine = _line;
        return true;
    }

    private bool Fill(int needed)
    {
        if (_length - _position >= needed)
            return true;
        if (_sourceDone)
            return _length - _position >= needed;
        if (_position > 0)
        {
            Array.Copy(_buffer, _position, _buffer, 0, _length - _position);
            _length -= _position;
            _position = 0;
        }

        while (_length < needed && !_sourceDone)
        {
            var read = _source.Read(_buffer, _length, _buffer.Length - _length);
            if (read == 0)
                _sourceDone = true;
            else
                _length += read;
        }

        return _length - _position >= needed;
    }

    /// <summary>At a line start: is this a document marker line ("---" or "..." then end of line or blank)?</summary>
    private bool AtMarker()
    {
        Fill(4);
        var available = _length - _position;
        if (available < 3)
            return false;
        var c0 = _buffer[_position];
        if ((c0 != '-' && c0 != '.') || _buffer[_position + 1] != c0 || _buffer[_position + 2] != c0)
            return false;
        return available == 3 || _buffer[_position + 3] is ' ' or '\t' or '\r' or '\n';
    }

    private int PeekChar()
    {
        if (_segmentDone)
            return -1;
        if (_atLineStart && AtMarker())
        {
            var marker = _buffer[_position];
            _position += 3;
            _atLineStart = false;
            _segmentDone = true;
            if (marker == '.')
                SkipRestOfLine();
            return -1;
        }

        return Fill(1) ? _buffer[_position] : -1;
    }

    private int ReadChar()
    {
        var c = PeekChar();
        if (c < 0)
        {
            _segmentDone = true;
            return -1;
        }

        _position++;
        _atLineStart = c == '\n';
        if (_atLineStart)
            _line++;
        return c;
    }

    private void SkipRestOfLine()
    {
        while (Fill(1))
        {
            var c = _buffer[_position++];
            if (c == '\n')
            {
                _line++;
                _atLineStart = true;
                return;
            }
        }
    }

    private sealed class Segment(DocumentSplitter owner) : TextReader
    {
        public override int Peek() => owner.PeekChar();

        public override int Read() => owner.ReadChar();

        public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

        public override int Read(Span<char> buffer)
        {
            var n = 0;
            while (n < buffer.Length)
            {
                var c = owner.ReadChar();
                if (c < 0)
                    break;
                buffer[n++] = (char)c;
            }

            return n;
        }
    }
}
