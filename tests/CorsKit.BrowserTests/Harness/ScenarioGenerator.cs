using System.Globalization;

namespace CorsKit.BrowserTests.Harness;

/// <summary>
/// A seeded generator of browser scenarios. Each scenario starts as a request with a server that answers it
/// correctly (the right ACAO/ACAC/ACAM/ACAH for the request as the generator understands it), then most scenarios get
/// one or two mutations from a catalogue of server mistakes and edge values (malformed, duplicated and wrong-case
/// headers, bad statuses, redirects with userinfo, …). That bias makes both allowed and blocked outcomes common and
/// reaches every CorsError Chromium can produce between loopback origins. The generator's idea of "correct" is only a
/// bias: the browser decides what actually happens.
/// </summary>
public static class ScenarioGenerator
{
    /// <summary>The seed used unless <c>CORSKIT_SEED</c> is set.</summary>
    public const int DefaultSeed = 20261122;

    /// <summary>Scenarios per browser per run.</summary>
    public const int DefaultCount = 1200;

    /// <summary>Scenarios for this run: <c>CORSKIT_COUNT</c> when set to a positive integer (local exploration with
    /// many more scenarios than CI runs), else <see cref="DefaultCount"/>.</summary>
    public static int Count =>
        int.TryParse(Environment.GetEnvironmentVariable("CORSKIT_COUNT"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : DefaultCount;

    /// <summary>The seed for this run: <c>CORSKIT_SEED</c> when set to an integer, else <see cref="DefaultSeed"/>.</summary>
    public static int Seed =>
        int.TryParse(Environment.GetEnvironmentVariable("CORSKIT_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s)
            ? s : DefaultSeed;

    /// <summary>How the generator classifies a script header (for biasing only).</summary>
    private enum Kind { Safe, Unsafe, ChromiumSafe, Forbidden }

    private static readonly (string Name, string Value, Kind Kind)[] HeaderPool =
    [
        ("Accept", "application/json", Kind.Safe),
        ("Accept", "*/*", Kind.Safe),
        ("Accept-Language", "en-US,en;q=0.5", Kind.Safe),
        ("Content-Language", "de-DE", Kind.Safe),
        ("Content-Type", "text/plain", Kind.Safe),
        ("Content-Type", "text/plain;charset=UTF-8", Kind.Safe),
        ("Content-Type", "Text/Plain;charset=utf-8", Kind.Safe),
        ("Content-Type", "application/x-www-form-urlencoded", Kind.Safe),
        ("Content-Type", "multipart/form-data; boundary=x", Kind.Safe),
        ("Content-Type", "text/plain;garbage", Kind.Safe),
        ("Content-Type", " text/plain ", Kind.Safe),
        ("Range", "bytes=0-", Kind.Safe),
        ("Range", "bytes=100-200", Kind.Safe),
        ("Accept", new string('a', 128), Kind.Safe),
        ("X-Test", "1", Kind.Unsafe),
        ("X-Custom-B", "b", Kind.Unsafe),
        ("x-custom-a", "a", Kind.Unsafe),
        ("X-Requested-With", "XMLHttpRequest", Kind.Unsafe),
        ("Authorization", "Bearer t0k3n", Kind.Unsafe),
        ("Content-Type", "application/json", Kind.Unsafe),
        ("Content-Type", "text/plain,", Kind.Unsafe),
        ("Content-Type", "text /plain", Kind.Unsafe),
        ("Content-Type", "multipart/form-data;\"", Kind.Unsafe),
        ("Range", "bytes=-200", Kind.Unsafe),
        ("Range", "bytes=1-2,3-4", Kind.Unsafe),
        ("Range", "bytes = 1-2", Kind.Unsafe),
        ("Range", "bytes=200-100", Kind.Unsafe),
        ("Accept", new string('a', 129), Kind.Unsafe),
        ("Accept", "\"quoted\"", Kind.Unsafe),
        ("Accept-Language", "@", Kind.Unsafe),
        ("Content-Language", "de(DE)", Kind.Unsafe),
        ("If-None-Match", "\"v1\"", Kind.Unsafe),
        ("Cache-Control", "no-cache", Kind.Unsafe),
        ("X-Empty", "", Kind.Unsafe),
        ("X-Long", new string('v', 300), Kind.Unsafe),
        ("DPR", "2", Kind.ChromiumSafe),
        ("Save-Data", "on", Kind.ChromiumSafe),
        ("Width", "100", Kind.ChromiumSafe),
        ("Viewport-Width", "100", Kind.ChromiumSafe),
        ("Device-Memory", "8", Kind.ChromiumSafe),
        ("ECT", "4g", Kind.ChromiumSafe),
        ("RTT", "50", Kind.ChromiumSafe),
        ("Downlink", "1.5", Kind.ChromiumSafe),
        ("DPR", "", Kind.Unsafe),
        ("User-Agent", "corskit/1", Kind.ChromiumSafe),
        ("Cookie", "a=b", Kind.Forbidden),
        ("Connection", "close", Kind.Forbidden),
        ("Proxy-Authorization", "x", Kind.Forbidden),
        ("Sec-Custom", "1", Kind.Forbidden),
        ("Origin", "http://evil.example", Kind.Forbidden),
        ("Referer", "http://x.example/", Kind.Forbidden),
        ("DNT", "1", Kind.Forbidden),
        ("X-HTTP-Method-Override", "TRACE", Kind.Forbidden),
        ("X-HTTP-Method", "GET,track ", Kind.Forbidden),
        ("Content-Length", "5", Kind.Forbidden),
        ("Accept-Encoding", "gzip", Kind.Forbidden),
        ("Access-Control-Request-Method", "PUT", Kind.Forbidden),
    ];

    private static readonly (string Method, int Weight)[] Methods =
    [
        ("GET", 22), ("POST", 14), ("HEAD", 4), ("PUT", 8), ("put", 5), ("DELETE", 5), ("delete", 4),
        ("PATCH", 6), ("patch", 8), ("Patch", 2), ("QUERY", 2),
    ];

    /// <summary>Local exploration only (<c>CORSKIT_EXPLORE=1</c>): odd-case and unknown methods, odd header names and
    /// values, and more redirect hops, drawn after the usual choices so the default scenario sets stay as they are.</summary>
    public static bool Explore => Environment.GetEnvironmentVariable("CORSKIT_EXPLORE") == "1";

    private static readonly string[] ExploreMethods =
        ["Get", "gEt", "post", "Post", "head", "Head", "options", "OPTIONS", "Put", "Delete", "FOO", "m-search", "propfind", "PATCH", "TRACE", "connect"];

    private static readonly (string Name, string Value, Kind Kind)[] ExplorePool =
    [
        ("X-Foo_Bar", "1", Kind.Unsafe),
        ("x-a.b", "1", Kind.Unsafe),
        ("X-UPPER", "V", Kind.Unsafe),
        ("X-Tab", "a\tb", Kind.Unsafe),
        ("X-Space", " padded ", Kind.Unsafe),
        ("X-Latin", "caf\u00e9", Kind.Unsafe),
        ("Accept", "application/json, text/plain", Kind.Safe),
        ("Accept", "text/html;q=0.9,*/*;q=0.8", Kind.Safe),
        ("Accept", "a\u0001b", Kind.Unsafe),
        ("Accept-Language", "*", Kind.Safe),
        ("Accept-Language", "en-US, de;q=0.5", Kind.Safe),
        ("Content-Language", "en-US, de", Kind.Safe),
        ("Content-Language", "", Kind.Safe),
        ("Content-Type", "text/plain; charset=\"utf-8\"", Kind.Safe),
        ("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8", Kind.Safe),
        ("Content-Type", "TEXT/PLAIN", Kind.Safe),
        ("Content-Type", "text/plain;", Kind.Safe),
        ("Content-Type", "text/csv", Kind.Unsafe),
        ("Content-Type", "", Kind.Unsafe),
        ("Range", "bytes=0-0", Kind.Safe),
        ("Range", "bytes=0-", Kind.Safe),
        ("Range", "Bytes=0-1", Kind.Unsafe),
        ("Last-Event-ID", "1", Kind.Unsafe),
        ("Keep-Alive", "1", Kind.Forbidden),
        ("Sec-Fetch-Mode", "cors", Kind.Forbidden),
        ("Proxy-Foo", "1", Kind.Forbidden),
        ("Access-Control-Request-Headers", "x", Kind.Forbidden),
        ("Authorization", "", Kind.Unsafe),
        ("Accept-Charset", "utf-8", Kind.Forbidden),
        ("Date", "x", Kind.Forbidden),
        ("Expect", "100-continue", Kind.Forbidden),
        ("Host", "x", Kind.Forbidden),
        ("TE", "trailers", Kind.Forbidden),
        ("Trailer", "x", Kind.Forbidden),
        ("Upgrade", "h2c", Kind.Forbidden),
        ("Via", "x", Kind.Forbidden),
        ("Save-Data", "off", Kind.Unsafe),
    ];

    /// <summary>Generates <paramref name="count"/> scenarios with ids 0..count-1. Scenario i depends only on
    /// (<paramref name="seed"/>, i).</summary>
    public static IReadOnlyList<Scenario> Generate(int seed, int count) =>
        Enumerable.Range(0, count).Select(i => One(seed, i)).ToList();

    /// <summary>Scenario <paramref name="id"/> of seed <paramref name="seed"/>.</summary>
    public static Scenario One(int seed, int id)
    {
        var rng = new Random(unchecked((seed * 1_000_003) ^ (id * 7919) ^ id));
        var g = new Draft(rng);
        g.Build();
        int mutations = rng.NextDouble() < 0.38 ? 0 : rng.NextDouble() < 0.8 ? 1 : 2;
        for (int m = 0; m < mutations; m++)
        {
            g.Mutate();
        }
        return g.ToScenario(id);
    }

    private sealed class RB
    {
        public int Status;
        public List<Line> Lines = [];
        public LocationSpec? Location;

        public ResponseSpec Freeze() => new(Status, Lines.ToList(), Location);

        public void Set(string name, string? value)
        {
            Lines.RemoveAll(l => l.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (value is not null)
            {
                Lines.Add(new Line(name, value));
            }
        }

        public string? Get(string name) => Lines.FirstOrDefault(l => l.Name.Equals(name, StringComparison.OrdinalIgnoreCase))?.Value;
    }

    private sealed class Draft(Random rng)
    {
        private string _method = "GET";
        private string _credentials = "same-origin";
        private string? _body;
        private readonly List<(string Name, string Value, Kind Kind)> _headers = [];
        private readonly List<Site> _sites = [];
        private readonly List<RB> _preflights = [];
        private readonly List<RB> _actuals = [];
        private bool _needsPreflight;

        private T Pick<T>(params T[] items) => items[rng.Next(items.Length)];

        private bool Chance(double p) => rng.NextDouble() < p;

        private string Upper => _method.ToUpperInvariant() is "GET" or "HEAD" or "POST" or "PUT" or "DELETE" or "OPTIONS"
            ? _method.ToUpperInvariant() : _method;

        private double _xhrRoll, _uploadRoll;

        public void Build()
        {
            _xhrRoll = rng.NextDouble();
            _uploadRoll = rng.NextDouble();
            int total = Methods.Sum(m => m.Weight), roll = rng.Next(total);
            foreach (var (m, w) in Methods)
            {
                if ((roll -= w) < 0) { _method = m; break; }
            }
            _credentials = Pick("omit", "omit", "same-origin", "same-origin", "include", "include", "include");
            int count = Pick(0, 0, 0, 1, 1, 1, 2, 2, 3);
            for (int i = 0; i < count; i++)
            {
                _headers.Add(HeaderPool[rng.Next(HeaderPool.Length)]);
            }
            if (_headers.Count > 0 && Chance(0.08))
            {
                // The same header again, sometimes spelled differently.
                var first = _headers[0];
                _headers.Add(Chance(0.5) ? first : (first.Name.ToLowerInvariant() == first.Name ? first.Name.ToUpperInvariant() : first.Name.ToLowerInvariant(), first.Value, first.Kind));
            }
            if (Upper is not ("GET" or "HEAD") && Chance(0.6))
            {
                _body = "hello";
            }
            int hops = Chance(0.78) ? 1 : Chance(0.75) ? 2 : 3;
            if (Explore)
            {
                // Drawn after the usual choices, so the default scenario sets do not change.
                if (Chance(0.4)) _method = Pick(ExploreMethods);
                for (int i = rng.Next(3); i > 0; i--)
                {
                    var (n, v, k) = ExplorePool[rng.Next(ExplorePool.Length)];
                    _headers.Add((n, System.Text.RegularExpressions.Regex.Unescape(v), k));
                }
                if (Upper is not ("GET" or "HEAD") && _body is null && Chance(0.5)) _body = "hello";
                if (Chance(0.4)) hops = Pick(2, 3, 3, 4);
            }
            _needsPreflight = Upper is not ("GET" or "HEAD" or "POST") || _headers.Any(h => h.Kind is Kind.Unsafe or Kind.ChromiumSafe);

            _sites.Add(Chance(0.05) ? Site.Page : Chance(0.52) ? Site.Api : Site.ApiLocalhost);
            for (int i = 1; i < hops; i++)
            {
                _sites.Add(Chance(0.2) ? Site.Page : Chance(0.5) ? Site.Api : Site.ApiLocalhost);
            }

            // Origin seen at each hop: the page origin until a redirect leaves a cross-origin URL for another origin.
            bool cors = false, tainted = false;
            for (int i = 0; i < hops; i++)
            {
                if (i > 0 && _sites[i] != _sites[i - 1] && _sites[i - 1] != Site.Page)
                {
                    tainted = true;
                }
                cors |= _sites[i] != Site.Page;
                string origin = tainted ? "null" : "{page}";
                bool include = _credentials == "include";
                _preflights.Add(GoodPreflight(origin, include));
                _actuals.Add(GoodActual(origin, include, last: i == hops - 1, i));
                if (!cors)
                {
                    // Same-origin hops are not CORS-checked; sometimes leave the headers off entirely.
                    if (Chance(0.5)) _actuals[i].Lines.RemoveAll(l => l.Name.StartsWith("Access-Control-", StringComparison.Ordinal));
                }
            }
        }

        private string AllowOrigin(string origin, bool include) => !include && Chance(0.25) ? "*" : origin;

        private RB GoodPreflight(string origin, bool include)
        {
            var r = new RB { Status = Chance(0.85) ? 200 : Pick(204, 206) };
            r.Set("Access-Control-Allow-Origin", AllowOrigin(origin, include));
            if (include) r.Set("Access-Control-Allow-Credentials", "true");
            if (Upper is not ("GET" or "HEAD" or "POST") || Chance(0.3))
            {
                r.Set("Access-Control-Allow-Methods", !include && Chance(0.2) ? "*" : Pick(Upper, $"GET, {Upper}, OPTIONS", $"{Upper},POST"));
            }
            var names = _headers.Where(h => h.Kind is Kind.Unsafe or Kind.ChromiumSafe).Select(h => h.Name).Distinct().ToList();
            if (names.Count > 0 || Chance(0.3))
            {
                bool hasAuth = names.Any(n => n.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
                string value = !include && Chance(0.2)
                    ? (hasAuth && Chance(0.5) ? "*, Authorization" : "*")
                    : string.Join(Pick(", ", ","), names.Select(n => Chance(0.5) ? n.ToLowerInvariant() : n).Append(Chance(0.3) ? "X-Unused" : null).OfType<string>());
                r.Set("Access-Control-Allow-Headers", value);
            }
            if (Chance(0.3))
            {
                r.Set("Access-Control-Max-Age", Pick("0", "5", "600", "86400", "-1", "abc", "7200"));
            }
            return r;
        }

        private RB GoodActual(string origin, bool include, bool last, int hop)
        {
            var r = new RB();
            r.Set("Access-Control-Allow-Origin", AllowOrigin(origin, include));
            if (include) r.Set("Access-Control-Allow-Credentials", "true");
            if (!last)
            {
                r.Status = Pick(301, 302, 303, 307, 308);
                r.Location = new LocationSpec(hop + 1);
                return r;
            }
            r.Status = Chance(0.85) ? 200 : Pick(201, 204, 404, 500);
            r.Lines.Add(new Line(Harness.Build.ReadHeader, "1"));
            if (Chance(0.3)) r.Lines.Add(new Line("X-Other", "2"));
            if (Chance(0.3)) r.Lines.Add(new Line("Content-Language", "en"));
            switch (rng.Next(20))
            {
                case < 4: break;
                case < 8: r.Lines.Add(new Line("Access-Control-Expose-Headers", Harness.Build.ReadHeader)); break;
                case < 10: r.Lines.Add(new Line("Access-Control-Expose-Headers", Harness.Build.ReadHeader.ToLowerInvariant())); break;
                case < 14: r.Lines.Add(new Line("Access-Control-Expose-Headers", "*")); break;
                case < 15: r.Lines.Add(new Line("Access-Control-Expose-Headers", "X-Other, " + Harness.Build.ReadHeader)); break;
                case < 16: r.Lines.Add(new Line("Access-Control-Expose-Headers", Harness.Build.ReadHeader + ", no no")); break;
                case < 17: r.Lines.Add(new Line("Access-Control-Expose-Headers", "")); r.Lines.Add(new Line("Access-Control-Expose-Headers", Harness.Build.ReadHeader)); break;
                case < 18: r.Lines.Add(new Line("Access-Control-Expose-Headers", Harness.Build.ReadHeader)); r.Lines.Add(new Line("Access-Control-Expose-Headers", "X-Other")); break;
                case < 19: r.Lines.Add(new Line("Access-Control-Expose-Headers", "," + Harness.Build.ReadHeader)); break;
                default: r.Lines.Add(new Line("Access-Control-Expose-Headers", "*, " + Harness.Build.ReadHeader)); break;
            }
            return r;
        }

        /// <summary>Applies one mistake or edge value.</summary>
        public void Mutate()
        {
            // Preflight mistakes only matter when a preflight happens; aim them at hop 0 when the generator expects one.
            bool preflight = _needsPreflight && Chance(0.55);
            int hop = preflight ? 0 : rng.Next(_actuals.Count);
            RB r = preflight ? _preflights[hop] : _actuals[hop];
            string origin = r.Get("Access-Control-Allow-Origin") ?? "{page}";
            // Rare outcomes get extra weight: preflight status/list mistakes and redirects with userinfo.
            int pick = preflight && Chance(0.35) ? Pick(0, 0, 9, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33)
                : !preflight && _actuals.Count > 1 && Chance(0.2) ? 18
                : rng.Next(preflight ? 34 : 22);
            if (pick == 18)
            {
                hop = rng.Next(_actuals.Count - 1);
                r = _actuals[hop];
            }
            switch (pick)
            {
                case 0: r.Set("Access-Control-Allow-Origin", null); break;
                case 1: r.Set("Access-Control-Allow-Origin", "*"); _credentials = Chance(0.7) ? "include" : _credentials; break;
                case 2: r.Lines.Add(new Line("Access-Control-Allow-Origin", origin)); break;
                case 3: r.Set("Access-Control-Allow-Origin", "*"); r.Lines.Add(new Line("Access-Control-Allow-Origin", "{page}")); break;
                case 4: r.Set("Access-Control-Allow-Origin", Pick("{page}, {api}", "{page} {page}", "*, {page}")); break;
                case 5: r.Set("Access-Control-Allow-Origin", "{page}/"); break;
                case 6: r.Set("Access-Control-Allow-Origin", "{PAGE}"); break;
                case 7: r.Set("Access-Control-Allow-Origin", "null"); break;
                case 8: r.Set("Access-Control-Allow-Origin", ""); break;
                case 9: r.Set("Access-Control-Allow-Origin", Pick("not-an-origin", "http//127.0.0.1", "*.example", "{page}:abc")); break;
                case 10: r.Set("Access-Control-Allow-Origin", Pick("{api}", "{localhost}", "http://127.0.0.1")); break;
                case 11: r.Set("Access-Control-Allow-Origin", "  " + origin + " "); break;
                case 12:
                    r.Set("Access-Control-Allow-Origin", null);
                    r.Lines.Add(new Line(Pick("access-control-allow-origin", "ACCESS-CONTROL-ALLOW-ORIGIN"), origin));
                    break;
                case 13: _credentials = "include"; break;
                case 14: r.Set("Access-Control-Allow-Credentials", Pick("True", "TRUE", "1", "yes", "")); _credentials = "include"; break;
                case 15: r.Set("Access-Control-Allow-Credentials", null); _credentials = "include"; break;
                case 16: r.Set("Access-Control-Allow-Credentials", "true"); r.Lines.Add(new Line("Access-Control-Allow-Credentials", "true")); _credentials = "include"; break;
                case 17: r.Set("Access-Control-Allow-Credentials", " true "); _credentials = "include"; break;
                case 18 when !preflight && _actuals[hop].Location is { } loc:
                    r.Location = loc with { UserInfo = true };
                    break;
                case 19 when !preflight && _actuals[hop].Location is not null:
                    r.Status = Pick(301, 302, 303, 307, 308);
                    break;
                case 20 when !preflight && hop == _actuals.Count - 1:
                    // Exposure edge values on the final answer.
                    r.Set("Access-Control-Expose-Headers", Pick("*", Harness.Build.ReadHeader, "X-Corskit-Read, no no", ""));
                    break;
                case 21: r.Set("Access-Control-Allow-Origin", Pick("null", "*")); break;
                // Preflight-only mistakes.
                case 22: r.Status = Pick(404, 500, 403, 400, 304); break;
                case 23: r.Status = Pick(301, 302, 307, 308); r.Location = new LocationSpec(0); break;
                case 24: r.Set("Access-Control-Allow-Methods", null); break;
                case 25: r.Set("Access-Control-Allow-Methods", Pick("GET, PUT POST", "PUT;", "GET,(PUT)", "PUT,\"x\"", "Bad value", "PATCH/1")); break;
                case 26: r.Set("Access-Control-Allow-Methods", "*"); break;
                case 27:
                    r.Set("Access-Control-Allow-Methods", Chance(0.5) ? _method.ToUpperInvariant() : _method.ToLowerInvariant());
                    break;
                case 28: r.Set("Access-Control-Allow-Methods", ",," + Upper); r.Lines.Add(new Line("Access-Control-Allow-Methods", "OPTIONS")); break;
                case 29:
                    {
                        string? acah = r.Get("Access-Control-Allow-Headers");
                        var parts = (acah ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToList();
                        if (parts.Count > 0) parts.RemoveAt(rng.Next(parts.Count));
                        r.Set("Access-Control-Allow-Headers", Chance(0.3) ? null : string.Join(", ", parts));
                        break;
                    }
                case 30: r.Set("Access-Control-Allow-Headers", Pick("x-a y", "x-test;", "x-a,[b]", "X-Test, \"q\"", "a/b")); break;
                case 31:
                    r.Set("Access-Control-Allow-Headers", "*");
                    if (Chance(0.5)) _headers.Add(("Authorization", "Basic eDp5", Kind.Unsafe));
                    break;
                case 32:
                    {
                        string acah = r.Get("Access-Control-Allow-Headers") ?? "";
                        r.Set("Access-Control-Allow-Headers", acah.ToUpperInvariant());
                        r.Lines.Add(new Line("Access-Control-Allow-Headers", Pick("x-test", "authorization", "X-Custom-A")));
                        break;
                    }
                default: r.Set("Access-Control-Max-Age", Pick("86400", "-1", "abc", "0", "5, 10")); break;
            }
        }

        public Scenario ToScenario(int id)
        {
            var hops = new List<Hop>();
            for (int i = 0; i < _sites.Count; i++)
            {
                hops.Add(new Hop(_sites[i], _preflights[i].Freeze(), _actuals[i].Freeze()));
            }
            if (Upper is "GET" or "HEAD")
            {
                _body = null;
            }
            // About 15% use XMLHttpRequest (it has no "omit": withCredentials false is "same-origin"), a third of those
            // with an upload listener.
            bool xhr = _credentials != "omit" && _xhrRoll < 0.2;
            // A quarter of the fetch() calls pass their headers as an array of pairs rather than a Headers object.
            var request = new ScenarioRequest(_method, _headers.Select(h => new Line(h.Name, h.Value)).ToList(), _credentials, _body,
                xhr ? "xhr" : "fetch", xhr && _uploadRoll < 0.35, !xhr && _uploadRoll > 0.75);
            var scenario = new Scenario(id, null, request, hops, Harness.Build.ReadHeader);
            // A 301 is cacheable, and WebKit's HTTP cache then answers the second request's redirect itself (observed):
            // that is no CORS decision and the model has no HTTP cache, so chains with a 301 get no second request.
            if (Explore && Chance(0.2) && !hops.Any(h => h.Actual.Status == 301))
            {
                // A second request to the same URL after the first settled: the preflight cache, with a changed
                // credentials mode, method or header now and then.
                ScenarioRequest again = rng.Next(4) switch
                {
                    // XMLHttpRequest has no "omit" (withCredentials false is "same-origin").
                    0 => request with { Credentials = request.Credentials != "include" ? "include" : request.Api == "xhr" ? "same-origin" : "omit" },
                    1 => request with { Method = Pick("PUT", "DELETE", "GET", "patch"), Body = null },
                    2 => request with { Headers = [.. request.Headers, new Line("X-B", "1")] },
                    _ => request,
                };
                scenario = scenario with { Then = [again] };
            }
            return scenario;
        }
    }
}
