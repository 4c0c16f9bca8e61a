using System.Text.RegularExpressions;

namespace CorsKit.BrowserTests.Harness;

/// <summary>
/// The three loopback origins of one test run. The page lives on <see cref="PageOrigin"/>; the API origins are
/// <c>http://127.0.0.1:P2</c> (same-site) and <c>http://localhost:P3</c> (cross-site). All are loopback, so
/// Chromium's Local Network Access gate (same address space) does not interfere.
/// </summary>
public sealed partial record Topology(int PagePort, int ApiPort, int LocalhostPort)
{
    /// <summary><c>http://127.0.0.1:P1</c>.</summary>
    public string PageOrigin => $"http://127.0.0.1:{PagePort}";

    /// <summary>The origin of <paramref name="site"/>.</summary>
    public string OriginOf(Site site) => site switch
    {
        Site.Page => PageOrigin,
        Site.Api => $"http://127.0.0.1:{ApiPort}",
        _ => $"http://localhost:{LocalhostPort}",
    };

    /// <summary>The site a request arrived at, from the local port it came in on.</summary>
    public Site? SiteOfPort(int port) =>
        port == PagePort ? Site.Page : port == ApiPort ? Site.Api : port == LocalhostPort ? Site.ApiLocalhost : null;

    /// <summary>The path of hop <paramref name="hop"/> of scenario <paramref name="id"/> in run <paramref name="run"/>.</summary>
    public static string PathOf(string run, int id, int hop) => $"/s/{run}-{id}/h{hop}";

    /// <summary>The absolute URL of a hop, optionally with <c>user:pass@</c>.</summary>
    public string UrlOf(string run, Scenario scenario, int hop, bool userInfo = false)
    {
        string origin = OriginOf(scenario.Hops[hop].Site);
        if (userInfo)
        {
            origin = origin.Replace("http://", "http://user:pass@", StringComparison.Ordinal);
        }
        return origin + PathOf(run, scenario.Id, hop);
    }

    /// <summary>Replaces <c>{page}</c>, <c>{api}</c> and <c>{localhost}</c> with this run's origins.</summary>
    public string Expand(string value) => value.Contains('{', StringComparison.Ordinal)
        ? value.Replace("{page}", PageOrigin, StringComparison.Ordinal)
            .Replace("{PAGE}", PageOrigin.ToUpperInvariant(), StringComparison.Ordinal)
            .Replace("{api}", OriginOf(Site.Api), StringComparison.Ordinal)
            .Replace("{localhost}", OriginOf(Site.ApiLocalhost), StringComparison.Ordinal)
        : value;

    /// <summary>Parses <c>/s/{run}-{id}/h{hop}</c>.</summary>
    public static bool TryParsePath(string path, out string run, out int id, out int hop)
    {
        Match m = PathRegex().Match(path);
        run = m.Success ? m.Groups[1].Value : "";
        id = m.Success ? int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
        hop = m.Success ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : -1;
        return m.Success;
    }

    /// <summary>Finds the scenario named in any URL (<c>…/s/{run}-{id}/h{hop}…</c>).</summary>
    public static bool TryParseUrl(string url, out string run, out int id, out int hop)
    {
        int i = url.IndexOf("/s/", StringComparison.Ordinal);
        if (i < 0)
        {
            run = "";
            id = hop = -1;
            return false;
        }
        return TryParsePath(url[i..], out run, out id, out hop);
    }

    [GeneratedRegex(@"^/s/([a-z]+)-(\d+)/h(\d+)")]
    private static partial Regex PathRegex();
}
