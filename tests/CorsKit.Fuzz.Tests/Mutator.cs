using System.Text;

namespace CorsKit.Fuzz.Tests;

/// <summary>
/// Seeded inputs for one parser: mostly valid seeds mutated a few times (so the parser gets past its first check),
/// some pure random text, and now and then a very long input (so bounds are reached). Mutations: replace or insert a
/// hostile character (controls, non-ASCII, bidi, lone surrogates, delimiters), insert or overwrite a dictionary token,
/// delete, duplicate or repeat a range, splice in part of another seed, truncate.
/// </summary>
internal sealed class Mutator(Random random, IReadOnlyList<string> seeds, IReadOnlyList<string> tokens)
{
    /// <summary>Longest input produced (characters).</summary>
    public const int MaxLength = 256 * 1024;

    private const string Hostile =
        "\0\u0001\t\n\r\u000b\u001b\u007f \"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~0123456789azAZ\u0080\u00a0\u00ad\u00e9\u00ff\u0130\u017f"
        + "\u043f\u200b\u200d\u200e\u202e\u2028\u2066\u3002\uff0e\uff21\ufeff\ufffd\uffff\ud800\udc00";

    public string Next()
    {
        var roll = random.Next(1000);
        if (roll < 50)
        {
            return RandomText(random.Next(0, 96));
        }

        var text = new StringBuilder(seeds[random.Next(seeds.Count)]);
        var count = 1 + random.Next(roll < 900 ? 4 : 24);
        for (var i = 0; i < count && text.Length <= MaxLength; i++)
        {
            Mutate(text, big: roll == 999);
        }
        if (text.Length > MaxLength)
        {
            text.Length = MaxLength;
        }
        return text.ToString();
    }

    /// <summary>The input's bytes on the wire: UTF-8 mostly, Latin-1 (one byte per char, truncated) sometimes.</summary>
    public byte[] Bytes(string text) => random.Next(4) == 0
        ? [.. text.Select(static c => (byte)c)]
        : Encoding.UTF8.GetBytes(text);

    private void Mutate(StringBuilder t, bool big)
    {
        var at = random.Next(t.Length + 1);
        switch (random.Next(10))
        {
            case 0 when t.Length > 0:
                t[Math.Min(at, t.Length - 1)] = HostileChar();
                break;
            case 1:
                t.Insert(at, HostileChar());
                break;
            case 2 when t.Length > 0:
                t.Remove(Math.Min(at, t.Length - 1), Math.Min(1 + random.Next(8), t.Length - Math.Min(at, t.Length - 1)));
                break;
            case 3 when tokens.Count > 0:
                t.Insert(at, tokens[random.Next(tokens.Count)]);
                break;
            case 4 when tokens.Count > 0 && t.Length > 0:
                var from = Math.Min(at, t.Length - 1);
                t.Remove(from, Math.Min(1 + random.Next(6), t.Length - from)).Insert(from, tokens[random.Next(tokens.Count)]);
                break;
            case 5 when t.Length > 0:
                var start = Math.Min(at, t.Length - 1);
                var chunk = t.ToString(start, Math.Min(1 + random.Next(32), t.Length - start));
                var times = big ? 1 + random.Next(MaxLength / chunk.Length) : 1 + random.Next(8);
                t.Insert(start, chunk.Length * times > MaxLength ? chunk : string.Concat(Enumerable.Repeat(chunk, times)));
                break;
            case 6:
                var other = seeds[random.Next(seeds.Count)];
                if (other.Length > 0)
                {
                    var o = random.Next(other.Length);
                    t.Insert(at, other.AsSpan(o, Math.Min(1 + random.Next(24), other.Length - o)));
                }
                break;
            case 7 when t.Length > 0:
                var i = Math.Min(at, t.Length - 1);
                t[i] = random.Next(2) == 0 ? (char.IsAsciiLetterLower(t[i]) ? char.ToUpperInvariant(t[i]) : char.ToLowerInvariant(t[i])) : (char)random.Next(0x10000);
                break;
            case 8 when t.Length > 0:
                t.Length = Math.Min(at, t.Length);
                break;
            default:
                t.Insert(at, RandomText(1 + random.Next(4)));
                break;
        }
    }

    private char HostileChar() => Hostile[random.Next(Hostile.Length)];

    private string RandomText(int length)
    {
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = random.Next(3) switch
            {
                0 => HostileChar(),
                1 => (char)random.Next(0x20, 0x7f),
                _ => (char)random.Next(0x10000),
            };
        }
        return new string(chars);
    }
}
