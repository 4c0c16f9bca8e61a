using CorsKit.Cookies;
using CorsKit.Model;

namespace CorsKit.Cli.Check;

/// <summary>The cookie decisions of one check: what the jar held, what each actual request carried and left out (with
/// the reason), and what each response's Set-Cookie did.</summary>
internal sealed record CheckCookieReport
{
    /// <summary>Whose cookie rules applied (<c>Chromium 156 (Debian)</c>).</summary>
    public required string Behaviour { get; init; }

    /// <summary>The third-party policy applied.</summary>
    public required ThirdPartyCookies ThirdParty { get; init; }

    /// <summary>What became of each Set-Cookie line of the jar file.</summary>
    public IReadOnlyList<SetCookieOutcome> Jar { get; init; } = [];

    /// <summary>Each actual request's cookie decisions, in order; the last one not sent when the browser stopped
    /// before it (<see cref="UnsentLast"/>).</summary>
    public IReadOnlyList<CookieAttachment> Requests { get; init; } = [];

    /// <summary>True when the last of <see cref="Requests"/> was never sent (a failed preflight).</summary>
    public bool UnsentLast { get; init; }

    /// <summary>Each response's Set-Cookie outcomes, by the URL that answered.</summary>
    public IReadOnlyList<(Uri Url, SetCookieOutcome Outcome)> Responses { get; init; } = [];

    /// <summary>The report of <paramref name="verdict"/>.</summary>
    public static CheckCookieReport From(CorsVerdict verdict, CookieBehaviour behaviour, IReadOnlyList<SetCookieOutcome> jar) => new()
    {
        Behaviour = behaviour.Name,
        ThirdParty = behaviour.ThirdParty,
        Jar = jar,
        Requests = verdict.CookieAttachments,
        UnsentLast = verdict.UnsentCookies is not null,
        Responses = [.. verdict.Exchanges.SelectMany(e => e.SetCookies.Select(o => (e.Request.Url, o)))],
    };

    /// <summary>The note a credentialed request needs when the server would see no cookie at all although the jar held
    /// some: which were left out and why is in the cookie section.</summary>
    public string? NoCookieNote(bool credentialed, bool cookieFlagSent)
    {
        var held = Requests.Count > 0 ? Requests[0].Decisions.Count : 0;
        if (!credentialed || cookieFlagSent || held == 0 || Requests.Any(r => r.Header is not null))
        {
            return null;
        }

        return $"the server sees no cookie at all: of the {held} cookie{(held == 1 ? "" : "s")} the browser holds, none goes with this request (each reason is under Cookies).";
    }
}
