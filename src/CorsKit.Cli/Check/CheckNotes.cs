using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Cli.Check;

/// <summary>
/// What a check's verdict cannot say on its own (issue 12 item 12): that an allowed origin came back as the page's own
/// origin, which an exact allow-list and a server that echoes every origin both do; and that <c>--cookie</c> was not
/// sent because the credentials mode leaves cookies out.
/// </summary>
internal static class CheckNotes
{
    public static IReadOnlyList<string> For(CheckResult result, CheckRequest input, bool crossOrigin)
    {
        var notes = new List<string>();
        var exchanges = new[] { result.Actual }.Concat(result.Redirects).OfType<CheckExchange>().Where(e => e.Kind == ExchangeKind.Actual).ToList();
        if (result.Allowed && crossOrigin && exchanges.LastOrDefault()?.Response is { } response
            && response.Headers.Where(h => Is(h, "Access-Control-Allow-Origin")).Select(h => h.Value.Trim()).SingleOrDefault() == result.Origin)
        {
            notes.Add($"the server answered Access-Control-Allow-Origin: {result.Origin}, the page's own origin. From one request an exact allow-list and a server that echoes every origin (which lets any site read this) look the same; run 'corskit audit {input.Url} --trusted-origin {result.Origin}' to tell them apart.");
        }

        // Fetch §4.6 HTTP-network-or-cache fetch: cookies are attached only when "include credentials" is true, which is
        // credentials mode "include", or "same-origin" for a same-origin request.
        if (input.Cookie is { Length: > 0 } && !exchanges.Any(e => e.Sent && e.Request.Headers.Any(h => Is(h, "Cookie"))))
        {
            if (input.Credentials == "omit")
            {
                notes.Add("--cookie was not sent: with --credentials omit, fetch() sends no cookies; use --credentials include to send them.");
            }
            else if (input.Credentials == "same-origin" && crossOrigin)
            {
                notes.Add("--cookie was not sent: with --credentials same-origin (fetch()'s default) a cross-origin request carries no cookies; use --credentials include, as the page's fetch() must for cookies to go along.");
            }
        }

        return notes;
    }

    private static bool Is(HttpHeader header, string name) => header.Name.Equals(name, StringComparison.OrdinalIgnoreCase);
}
