using System.Buffers.Binary;
using System.Net;
using CorsKit.Fetch;

namespace CorsKit.Model;

/// <summary>
/// The order in which Chromium checks request header names against a preflight result, and so which name it reports
/// as <c>failedParameter</c> of <c>HeaderDisallowedByPreflightResponse</c> when several are not allowed.
/// </summary>
/// <remarks>
/// <para>services/network/cors/preflight_result.cc EnsureAllowedCrossOriginHeaders returns the first name of
/// cors.cc CorsUnsafeNotForbiddenRequestHeaderNames that is not allowed. That list walks the request's
/// net::HttpRequestHeaders vector: first the CORS-unsafe names, then (only when the safelisted values total more than
/// 1024 bytes) the safelisted ones, each group in vector order. The vector is filled by Blink
/// (platform/loader/fetch/url_loader/request_conversion.cc PopulateResourceRequest) by iterating the renderer's
/// <c>HTTPHeaderMap</c>: a WTF <c>HashMap</c> keyed with <c>CaseFoldingHashTraits</c>, so the order is the bucket order of
/// an open-addressing hash table, not the script's order and not sorted.</para>
/// <para>Facts used (written from the sources, checked against Chromium 156.0.8078.79 headless, 2026-11-22, 4,384
/// observations, see docs/browser-model.md):
/// the hash is WTF CaseFoldingHash (wtf/text/case_folding_hash.h): the name case-folded and read as UTF-16, hashed
/// with Chromium's reader-templated rapidhash (third_party/rapidhash/rapidhash.h) and cut to its low 24 bits
/// (wtf/text/string_hasher.h MaskTop8Bits, 0 becomes 0x800000); the table (wtf/hash_table.h) starts at 8 buckets
/// (kMinimumTableSize), doubles when (keys × 2 ≥ size) after an insert, rehashing in bucket order, and probes
/// i = (i + k) &amp; mask for k = 1, 2, …;
/// fetch() fills the map from the sorted, combined FetchHeaderList; XMLHttpRequest from its own HTTPHeaderMap (script
/// order, then the default Content-Type) in that map's bucket order;
/// the browser then adds, when the request URL is potentially trustworthy, the low-entropy UA client hints sec-ch-ua,
/// sec-ch-ua-mobile, sec-ch-ua-platform (in that order), and after them User-Agent. These take buckets (and make the
/// table grow) but are never CORS-unsafe. Accept is added after the map is read, so it does not count. The network service keeps that vector
/// across redirects (removing headers keeps the others' order), so the order is the one of the first URL's map.</para>
/// <para>Not modelled: further client hints a server opted into with Accept-CH, Save-Data, a User-Agent override.</para>
/// </remarks>
internal static class ChromiumHeaderOrder
{
    // third_party/rapidhash/rapidhash.h: default seed and secrets.
    private const ulong Seed = 0xbdd89aa982704029UL;
    private const ulong Secret0 = 0x2d358dccaa6c78a5UL;
    private const ulong Secret1 = 0x8bb84b93962eacc9UL;
    private const ulong Secret2 = 0x4b33a62ed433d4a3UL;

    /// <summary>wtf/hash_traits.h kMinimumTableSize.</summary>
    private const int MinimumTableSize = 8;

    private static readonly string[] BrowserAddedHeaders = ["user-agent"];
    // Insertion order matters (it decides who probes past whom): the client hints are set while the request is
    // populated (FetchContext AddClientHintsIfNecessary: sec-ch-ua, -mobile, -platform), User-Agent later, by
    // FrameFetchContext::PrepareRequest (SetHTTPUserAgent). Pinned by {X-A, X-Empty} → x-empty and 200 runs chosen
    // where the other orders disagree (see docs/browser-model.md).
    private static readonly string[] BrowserAddedHeadersTrustworthy = ["sec-ch-ua", "sec-ch-ua-mobile", "sec-ch-ua-platform", "user-agent"];

    /// <summary>
    /// The lowercase names of the renderer's header map in bucket order, for a request whose script headers (after
    /// forbidden ones were dropped and the default Content-Type added) are <paramref name="headers"/>.
    /// </summary>
    public static IReadOnlyList<string> MapOrder(IReadOnlyList<HttpHeader> headers, Initiator initiator, Uri url)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(url);
        var names = headers.Select(h => h.Name.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
        IEnumerable<string> scriptOrder = initiator == Initiator.XmlHttpRequest
            ? BucketOrder(names)                       // XMLHttpRequest's own HTTPHeaderMap, copied in its bucket order
            : names.Order(StringComparer.Ordinal);     // FetchHeaderList: a multimap ordered on the lowercase name
        var added = IsPotentiallyTrustworthy(url) ? BrowserAddedHeadersTrustworthy : BrowserAddedHeaders;
        return BucketOrder(scriptOrder.Concat(added.Where(a => !names.Contains(a))));
    }

    /// <summary>
    /// <paramref name="unsafeNames"/> reordered as cors.cc CorsUnsafeNotForbiddenRequestHeaderNames lists them: the
    /// names whose current value is not safelisted in map order, then the safelisted ones (present only past the
    /// 1024-byte total) in map order. A name missing from the map goes last, in byte order.
    /// </summary>
    public static IReadOnlyList<string> CheckOrder(IReadOnlyList<string> unsafeNames, IReadOnlyList<HttpHeader> headers,
        IReadOnlyList<string> mapOrder, BrowserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(unsafeNames);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(mapOrder);
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < mapOrder.Count; i++)
        {
            rank.TryAdd(mapOrder[i], i);
        }

        bool Safelisted(string name)
        {
            foreach (var header in headers)
            {
                if (header.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return FetchRules.IsCorsSafelistedRequestHeader(header.Name, HttpChars.TrimHttpWhitespace(header.Value), profile);
                }
            }

            return false;
        }

        return [.. unsafeNames
            .OrderBy(n => Safelisted(n) ? 1 : 0)
            .ThenBy(n => rank.TryGetValue(n, out var r) ? r : int.MaxValue)
            .ThenBy(n => n, StringComparer.Ordinal)];
    }

    /// <summary>Inserts <paramref name="keys"/> (lowercase, in this order) into a WTF hash table and reads it back
    /// in bucket order (wtf/hash_table.h insert, Expand, RehashTo; const_iterator walks the buckets).</summary>
    internal static List<string> BucketOrder(IEnumerable<string> keys)
    {
        var table = Array.Empty<string?>();
        var count = 0;
        foreach (var key in keys)
        {
            if (table.Length == 0)
            {
                table = new string?[MinimumTableSize];
            }

            if (!Insert(table, key))
            {
                continue; // already present: HashMap::Set keeps the bucket
            }

            // HashTable::insert: ShouldExpand() is (key_count + deleted_count) * kMaxLoad(2) >= table_size.
            if (++count * 2 >= table.Length)
            {
                var grown = new string?[table.Length * 2];
                foreach (var old in table)
                {
                    if (old is not null)
                    {
                        Insert(grown, old);
                    }
                }

                table = grown;
            }
        }

        return [.. table.OfType<string>()];
    }

    private static bool Insert(string?[] table, string key)
    {
        var mask = table.Length - 1;
        var i = (int)(Hash(key) & (uint)mask);
        for (var probe = 1; table[i] is not null; probe++)
        {
            if (table[i] == key)
            {
                return false;
            }

            i = (i + probe) & mask; // HashTable::insert: i = (i + probe_count) & size_mask
        }

        table[i] = key;
        return true;
    }

    /// <summary>
    /// WTF CaseFoldingHash::GetHash for an ASCII name: rapidhash over the case-folded UTF-16LE code units
    /// (CaseFoldingHashReader expands Latin-1 to 16 bits), low 24 bits kept (StringHasher::MaskTop8Bits).
    /// </summary>
    internal static uint Hash(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = new byte[name.Length * 2];
        for (var i = 0; i < name.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), char.ToLowerInvariant(name[i]));
        }

        // A one-character name is the only input shorter than 4 bytes; CaseFoldingHashReader::ReadSmall returns the
        // folded character itself instead of rapidhash's three-byte spread.
        ulong? small = name.Length == 1 ? char.ToLowerInvariant(name[0]) : null;
        var hash = (uint)(RapidHash(bytes, small) & 0xFFFFFF);
        return hash == 0 ? 0x800000u : hash;
    }

    private static ulong RapidHash(ReadOnlySpan<byte> p, ulong? small)
    {
        var len = (ulong)p.Length;
        var seed = Seed ^ Mix(Seed ^ Secret0, Secret1) ^ len;
        ulong a, b;
        if (p.Length <= 16)
        {
            if (p.Length >= 4)
            {
                var last = p.Length - 4;
                a = ((ulong)R32(p, 0) << 32) | R32(p, last);
                var delta = (p.Length & 24) >> (p.Length >> 3); // 4 when len >= 8, else 0
                b = ((ulong)R32(p, delta) << 32) | R32(p, last - delta);
            }
            else if (p.Length > 0)
            {
                a = small ?? (((ulong)p[0] << 56) | ((ulong)p[p.Length >> 1] << 32) | p[p.Length - 1]);
                b = 0;
            }
            else
            {
                a = b = 0;
            }
        }
        else
        {
            var i = p.Length;
            var o = 0;
            if (i > 48)
            {
                ulong see1 = seed, see2 = seed;
                do
                {
                    seed = Mix(R64(p, o) ^ Secret0, R64(p, o + 8) ^ seed);
                    see1 = Mix(R64(p, o + 16) ^ Secret1, R64(p, o + 24) ^ see1);
                    see2 = Mix(R64(p, o + 32) ^ Secret2, R64(p, o + 40) ^ see2);
                    o += 48;
                    i -= 48;
                }
                while (i >= 48);
                seed ^= see1 ^ see2;
            }

            if (i > 16)
            {
                seed = Mix(R64(p, o) ^ Secret2, R64(p, o + 8) ^ seed ^ Secret1);
                if (i > 32)
                {
                    seed = Mix(R64(p, o + 16) ^ Secret2, R64(p, o + 24) ^ seed);
                }
            }

            a = R64(p, o + i - 16);
            b = R64(p, o + i - 8);
        }

        a ^= Secret1;
        b ^= seed;
        var high = Math.BigMul(a, b, out var low);
        return Mix(low ^ Secret0 ^ len, high ^ Secret1);
    }

    private static ulong Mix(ulong a, ulong b)
    {
        var high = Math.BigMul(a, b, out var low);
        return low ^ high;
    }

    private static uint R32(ReadOnlySpan<byte> p, int offset) => BinaryPrimitives.ReadUInt32LittleEndian(p[offset..]);

    private static ulong R64(ReadOnlySpan<byte> p, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(p[offset..]);

    /// <summary>services/network/public/cpp/is_potentially_trustworthy.cc for the request URL: https/wss, loopback
    /// addresses, localhost names (observed: the UA client hints go to http://127.0.0.1 and http://localhost, not to
    /// an http:// host name, whatever the page's origin).</summary>
    internal static bool IsPotentiallyTrustworthy(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return false;
        }

        if (url.Scheme is "https" or "wss" or "file")
        {
            return true;
        }

        var host = url.IdnHost.Trim('[', ']');
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address);
    }
}
