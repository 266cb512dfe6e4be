using System.Buffers;
using System.Runtime.CompilerServices;

namespace KubePosture.Checks.Model;

/// <summary>
/// A finding's message, held as the pieces it was written from until someone reads it. A scan of a large cluster keeps
/// tens of thousands of findings until its status and reports are written, and a rendered message is the largest part
/// of a finding (about 170 characters, 370 bytes). Written through <see cref="FindingMessageHandler"/>, a message like
/// <c>$"{kind} {name}: image {image} is not referenced by digest"</c> keeps references to the literals (interned) and to
/// the strings it formats (mostly the inventory's own), about 100 bytes. Equality, hashing and ordering are those of
/// the rendered text (ordinal), computed without rendering it; <see cref="ToString"/> renders it.
/// </summary>
public readonly struct FindingMessage : IEquatable<FindingMessage>, IComparable<FindingMessage>
{
    /// <summary>A <see cref="string"/>, or a <see cref="string"/>[] of pieces; null for the default (empty) message.</summary>
    private readonly object? _value;

    public FindingMessage(string text) => _value = text;

    private FindingMessage(string[] pieces) => _value = pieces;

    /// <summary>The message of these pieces (kept as they are: the array is not copied).</summary>
    internal static FindingMessage FromPieces(string[] pieces) => pieces.Length switch
    {
        0 => new FindingMessage(string.Empty),
        1 => new FindingMessage(pieces[0]),
        _ => new FindingMessage(pieces),
    };

    public static implicit operator FindingMessage(string text) => new(text);

    /// <summary>The message of an interpolated string, held in pieces (for a check that composes one in steps).</summary>
    public static FindingMessage Of(FindingMessageHandler message) => message.ToMessage();

    /// <summary>Length of the rendered text.</summary>
    public int Length
    {
        get
        {
            if (_value is not string[] pieces)
                return (_value as string)?.Length ?? 0;
            var length = 0;
            foreach (var piece in pieces)
                length += piece.Length;
            return length;
        }
    }

    /// <summary>The rendered text (a new string each call when the message is held in pieces).</summary>
    public override string ToString() => _value switch
    {
        string text => text,
        string[] pieces => string.Concat(pieces),
        _ => string.Empty,
    };

    public bool Equals(FindingMessage other)
    {
        if (_value is string a && other._value is string b)
            return string.Equals(a, b, StringComparison.Ordinal);
        return Length == other.Length && CompareTo(other) == 0;
    }

    public override bool Equals(object? obj) => obj is FindingMessage other && Equals(other);

    /// <summary>FNV-1a over the UTF-16 code units of the rendered text: the same however the text is split into pieces.</summary>
    public override int GetHashCode()
    {
        var hash = 2166136261u;
        var cursor = new CharCursor(this);
        while (cursor.Next(out var c))
            hash = (hash ^ c) * 16777619u;
        return (int)hash;
    }

    /// <summary>Ordinal comparison of the rendered texts (as <see cref="string.CompareOrdinal(string, string)"/> orders them).</summary>
    public int CompareTo(FindingMessage other)
    {
        if (_value is string a && other._value is string b)
            return string.CompareOrdinal(a, b);
        var left = new CharCursor(this);
        var right = new CharCursor(other);
        while (true)
        {
            var hasLeft = left.Next(out var l);
            var hasRight = right.Next(out var r);
            if (!hasLeft || !hasRight)
                return hasLeft ? 1 : hasRight ? -1 : 0;
            if (l != r)
                return l - r;
        }
    }

    public static bool operator ==(FindingMessage left, FindingMessage right) => left.Equals(right);

    public static bool operator !=(FindingMessage left, FindingMessage right) => !left.Equals(right);

    public static bool operator <(FindingMessage left, FindingMessage right) => left.CompareTo(right) < 0;

    public static bool operator <=(FindingMessage left, FindingMessage right) => left.CompareTo(right) <= 0;

    public static bool operator >(FindingMessage left, FindingMessage right) => left.CompareTo(right) > 0;

    public static bool operator >=(FindingMessage left, FindingMessage right) => left.CompareTo(right) >= 0;

    /// <summary>The text when it is held whole (null when in pieces or empty).</summary>
    internal string? Whole => _value as string;

    /// <summary>The pieces of the text in order (null when it is held whole or empty).</summary>
    internal string[]? InPieces => _value as string[];

    /// <summary>Walks the rendered text one UTF-16 code unit at a time across the pieces.</summary>
    private struct CharCursor(FindingMessage message)
    {
        private readonly object? _value = message._value;
        private int _piece;
        private int _index;

        public bool Next(out char c)
        {
            switch (_value)
            {
                case string text when _index < text.Length:
                    c = text[_index++];
                    return true;
                case string[] pieces:
                    while (_piece < pieces.Length)
                    {
                        if (_index < pieces[_piece].Length)
                        {
                            c = pieces[_piece][_index++];
                            return true;
                        }

                        _piece++;
                        _index = 0;
                    }

                    break;
            }

            c = default;
            return false;
        }
    }
}

/// <summary>
/// Builds a <see cref="FindingMessage"/> from an interpolated string without rendering it: literals and formatted
/// strings are kept by reference; any other value is formatted now, exactly as string interpolation formats it (so the
/// rendered text equals what <c>$"..."</c> would have produced), and another <see cref="FindingMessage"/> contributes
/// its pieces. Methods that take a finding's message take this type, so callers write ordinary <c>$"..."</c>.
/// </summary>
[InterpolatedStringHandler]
public ref struct FindingMessageHandler
{
    private string[] _pieces;
    private int _count;

    public FindingMessageHandler(int literalLength, int formattedCount)
    {
        _ = literalLength;
        _pieces = ArrayPool<string>.Shared.Rent(2 * formattedCount + 1);
        _count = 0;
    }

    public void AppendLiteral(string value) => Add(value);

    public void AppendFormatted(string? value) => Add(value);

    public void AppendFormatted(FindingMessage value)
    {
        if (value.InPieces is not { } pieces)
        {
            Add(value.Whole);
            return;
        }

        foreach (var piece in pieces)
            Add(piece);
    }

    public void AppendFormatted(ReadOnlySpan<char> value) => Add(value.ToString());

    public void AppendFormatted<T>(T value)
    {
        if (value is string text)
        {
            Add(text);
            return;
        }

        var formatted = new DefaultInterpolatedStringHandler(0, 1);
        formatted.AppendFormatted(value);
        Add(formatted.ToStringAndClear());
    }

    public void AppendFormatted<T>(T value, string? format)
    {
        var formatted = new DefaultInterpolatedStringHandler(0, 1);
        formatted.AppendFormatted(value, format);
        Add(formatted.ToStringAndClear());
    }

    public void AppendFormatted<T>(T value, int alignment)
    {
        var formatted = new DefaultInterpolatedStringHandler(0, 1);
        formatted.AppendFormatted(value, alignment);
        Add(formatted.ToStringAndClear());
    }

    public void AppendFormatted<T>(T value, int alignment, string? format)
    {
        var formatted = new DefaultInterpolatedStringHandler(0, 1);
        formatted.AppendFormatted(value, alignment, format);
        Add(formatted.ToStringAndClear());
    }

    public void AppendFormatted(object? value, int alignment = 0, string? format = null)
    {
        var formatted = new DefaultInterpolatedStringHandler(0, 1);
        formatted.AppendFormatted(value, alignment, format);
        Add(formatted.ToStringAndClear());
    }

    /// <summary>The message built; the handler is spent afterwards.</summary>
    public FindingMessage ToMessage()
    {
        var pieces = _pieces;
        if (pieces is null)
            return new FindingMessage(string.Empty);
        var message = FindingMessage.FromPieces(pieces.AsSpan(0, _count).ToArray());
        ArrayPool<string>.Shared.Return(pieces, clearArray: true);
        _pieces = null!;
        _count = 0;
        return message;
    }

    private void Add(string? piece)
    {
        if (string.IsNullOrEmpty(piece))
            return;
        if (_count == _pieces.Length)
        {
            var larger = ArrayPool<string>.Shared.Rent(_pieces.Length * 2);
            _pieces.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<string>.Shared.Return(_pieces, clearArray: true);
            _pieces = larger;
        }

        _pieces[_count++] = piece;
    }
}
