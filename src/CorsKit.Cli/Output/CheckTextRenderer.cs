using CorsKit.Cli.Check;
using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Cli.Output;

/// <summary>
/// The text form of a <see cref="CheckResult"/>: a transcript like DevTools' network panel (each exchange's request and
/// response headers, CORS headers marked with <c>*</c>), the verdict, Chromium's console message verbatim, why, and the
/// fix with per-stack configuration.
/// </summary>
internal static class CheckTextRenderer
{
    /// <summary>Writes the full report.</summary>
    public static void Render(CheckResult r, TextWriter o, Ansi a)
    {
        o.WriteLine(a.Bold($"corskit check ({r.Browser})") + a.Dim("  * marks CORS headers"));
        o.WriteLine($"{T(FetchCall(r))} from a page on {T(r.Origin)}");
        if (r.Error?.Kind == CheckErrorKind.Input)
        {
            o.WriteLine();
            o.WriteLine(a.Red("ERROR") + " " + T(r.Error.Message));
            return;
        }

        if (r.Preflight is { } preflight)
        {
            Exchange(o, a, "Preflight", preflight);
        }

        if (r.Actual is { } actual)
        {
            Exchange(o, a, "Request", actual);
        }

        var hop = 0;
        foreach (var e in r.Redirects)
        {
            Exchange(o, a, e.Kind == ExchangeKind.Preflight ? $"Preflight after redirect {hop + 1}" : $"Redirect {++hop}", e);
        }

        if (r.Diagnosis is { } diagnosis)
        {
            o.WriteLine();
            if (diagnosis.Found.Refusal.Body is { } body)
            {
                o.WriteLine(Label(a, "The denied preflight's body: ") + T(body.Trim()));
            }

            o.WriteLine(a.Bold("CorsKit's extra probes (not sent by a browser)") + a.Dim(": the denied preflight again, with fewer request headers and a safelisted method, to name what the server refuses"));

            // One line a probe: what it asked and what came back (--format json has every header of each).
            for (var i = 0; i < diagnosis.Transcript.Count; i++)
            {
                var probe = diagnosis.Found.Probes[i];
                var e = diagnosis.Transcript[i];
                var acrh = HeaderValues.Get(e.Request.Headers, "Access-Control-Request-Headers");
                var answer = e.Response is { } response ? StatusText(response.Status, a) : a.Yellow("no response");
                o.WriteLine($"  {i + 1}. {T(probe.Purpose)}");
                o.WriteLine(a.Dim($"     OPTIONS with Access-Control-Request-Method: {T(HeaderValues.Get(e.Request.Headers, "Access-Control-Request-Method"))}"
                    + (acrh is null ? "" : $", Access-Control-Request-Headers: {T(acrh)}")) + " → " + answer + " " + (probe.Accepted ? a.Green("accepted") : a.Red("refused")));
            }
        }

        if (r.DroppedHeaders.Count > 0)
        {
            o.WriteLine();
            o.WriteLine(a.Yellow("Dropped by the browser (forbidden request headers, never sent): ") + T(string.Join(", ", r.DroppedHeaders)));
        }

        CheckCookieText.Render(r, o, a);
        foreach (var warning in r.Warnings)
        {
            o.WriteLine();
            o.WriteLine(a.Yellow("Warning: ") + T(warning));
        }

        foreach (var note in r.Notes)
        {
            o.WriteLine();
            o.WriteLine(a.Bold("Note: ") + T(note));
        }

        o.WriteLine();
        Verdict(o, a, r);
    }

    /// <summary>Three lines (<c>--short</c>): the verdict, the cause and the fix.</summary>
    public static void RenderShort(CheckResult r, TextWriter o, Ansi a)
    {
        o.WriteLine(Summary(r, a));
        o.WriteLine(Label(a, "Cause: ") + T(r.Error?.Explanation ?? (r.Allowed ? "none: the script receives the response." : r.Error?.Message)));
        o.WriteLine(Label(a, "Fix:   ") + T(r.Fix ?? (r.Allowed ? "nothing to change." : "no CORS header can fix this; see the cause.")));
    }

    /// <summary>One line: verdict, method, URL, origin, and the error code or network failure.</summary>
    public static string Summary(CheckResult r, Ansi a)
    {
        var verdict = r.Allowed ? a.Green("ALLOWED") : r.Error?.Kind switch
        {
            CheckErrorKind.Cors => a.Red("BLOCKED"),
            CheckErrorKind.Network => a.Yellow("NETWORK"),
            _ => a.Yellow("ERROR  "),
        };
        var detail = r.Error switch
        {
            null => r.ReadableHeaders.Count == 0 ? "" : "  readable: " + string.Join(", ", r.ReadableHeaders),
            { Kind: CheckErrorKind.Cors } e => $"  {e.Code}{(e.Parameter.Length > 0 ? $" ({e.Parameter})" : "")}",
            { Kind: CheckErrorKind.Network } e => $"  {e.NetError}",
            var e => $"  {e.Message}",
        };
        var preflight = r.Preflight is { Sent: true } ? " +preflight" : "";
        return verdict + " " + T($"{r.Method} {r.Url} from {r.Origin} [{r.Credentials}]{preflight}{detail}");
    }

    private static void Exchange(TextWriter o, Ansi a, string title, CheckExchange e)
    {
        o.WriteLine();
        var notSent = e.Sent ? "" : a.Yellow("  (not sent)");
        o.WriteLine(a.Bold($"{title}: {T(e.Request.Method)} {T(e.Request.Url)}") + notSent);
        o.WriteLine(a.Dim("  Request headers"));
        Headers(o, a, e.Request.Headers, request: true);
        if (e.Response is { } response)
        {
            o.WriteLine(a.Dim("  Response ") + StatusText(response.Status, a));
            Headers(o, a, response.Headers, request: false);
        }
        else if (e.Sent)
        {
            o.WriteLine(a.Dim("  Response ") + a.Yellow("none (network failure)"));
        }
    }

    private static void Headers(TextWriter o, Ansi a, IReadOnlyList<HttpHeader> headers, bool request)
    {
        foreach (var h in headers)
        {
            if (IsCorsHeader(h.Name, request))
            {
                o.WriteLine(a.Cyan($"  * {T(h.Name)}: {T(h.Value)}"));
            }
            else
            {
                o.WriteLine($"    {T(h.Name)}: {T(h.Value)}");
            }
        }
    }

    /// <summary>The headers the CORS protocol reads or writes (Fetch §3.2.2, §3.2.3).</summary>
    private static bool IsCorsHeader(string name, bool request) => request
        ? name.Equals("Origin", StringComparison.OrdinalIgnoreCase) || name.StartsWith("Access-Control-Request-", StringComparison.OrdinalIgnoreCase)
        : name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || name.Equals("Vary", StringComparison.OrdinalIgnoreCase);

    private static void Verdict(TextWriter o, Ansi a, CheckResult r)
    {
        if (r.Allowed)
        {
            o.WriteLine(a.Green("ALLOWED") + " the script receives the response.");
            o.WriteLine("Readable response headers: " + (r.ReadableHeaders.Count == 0 ? "(none)" : T(string.Join(", ", r.ReadableHeaders))));
            if (Hidden(r) is { Count: > 0 } hidden)
            {
                o.WriteLine(a.Dim($"Hidden from the script: {T(string.Join(", ", hidden))}. To expose them, send Access-Control-Expose-Headers: {T(string.Join(", ", hidden))}"
                    + (r.Credentials == "include" ? " (list them by name: '*' does not work with credentials)." : ".")));
            }

            return;
        }

        var e = r.Error!;
        if (e.Kind == CheckErrorKind.Network)
        {
            o.WriteLine(a.Yellow("NETWORK ERROR") + $" {T(e.NetError)} ({T(e.Network)}): not a CORS block. The page sees the same 'TypeError: Failed to fetch'.");
            o.WriteLine(Label(a, "Console:  ") + T(e.Message));
            if (e.Explanation is { } why)
            {
                o.WriteLine(Label(a, "Why:      ") + T(why));
            }

            return;
        }

        o.WriteLine(a.Red("BLOCKED by CORS") + T($" {e.Code}" + (e.Parameter.Length > 0 ? $" (failed parameter: {e.Parameter})" : "")));
        // Each browser's console text, the checked browser's first (issue 11, Diagnosis item 4).
        foreach (var console in e.Consoles)
        {
            ExplainTextRenderer.ConsoleText(o, a, "", console);
        }

        if (e.Explanation is { } explanation)
        {
            o.WriteLine(Label(a, "Why:      ") + T(explanation));
        }

        if (r.Fix is { } fix)
        {
            o.WriteLine(Label(a, "Fix:      ") + T(fix));
        }

        if (r.Advice is not { } advice)
        {
            return;
        }

        o.WriteLine();
        if (advice.Origin is null)
        {
            o.WriteLine(a.Bold("No response header makes this safe: change the page or the request as the fix says."));
            return;
        }

        if (advice.PreflightResponseHeaders.Count > 0)
        {
            o.WriteLine(a.Bold($"The OPTIONS (preflight) response from {T(advice.Url)} must have a 2xx status and send:"));
            foreach (var h in advice.PreflightResponseHeaders)
            {
                o.WriteLine(a.Cyan($"    {T(h.Name)}: {T(h.Value)}"));
            }
        }

        o.WriteLine(a.Bold($"The {T(advice.Method)} response from {T(advice.Url)} must send:"));
        foreach (var h in advice.ActualResponseHeaders)
        {
            o.WriteLine(a.Cyan($"    {T(h.Name)}: {T(h.Value)}"));
        }

        o.WriteLine();
        var detected = advice.DetectedStack is { } stack ? $"detected from the response: {StackDetector.Name(stack)}" : "no stack detected from the response";
        if (advice.Snippets.Count == 0)
        {
            o.WriteLine(a.Dim($"Configuration: {detected}; pick one with --stack NAME ({StackDetector.Names}) or show every one with --fix all."));
            return;
        }

        o.WriteLine(a.Bold("Configuration") + a.Dim($" ({detected}; --stack NAME for another, --fix all for every one):"));
        foreach (var snippet in advice.Snippets)
        {
            o.WriteLine();
            o.WriteLine(a.Dim($"  # {snippet.Title}"));
            foreach (var line in snippet.Code.Split('\n'))
            {
                o.WriteLine("    " + T(line));
            }
        }
    }

    private static string Label(Ansi a, string text) => a.Bold(text);

    /// <summary>A value we did not write (server bytes, the user's input), made safe for the terminal.</summary>
    private static string T(string? text) => TerminalText.Escape(text);

    /// <summary>The request as the script would write it.</summary>
    private static string FetchCall(CheckResult r)
    {
        var init = new List<string> { $"method: {Js(r.Method)}" };
        if (r.Headers.Count > 0)
        {
            init.Add("headers: [" + string.Join(", ", r.Headers.Select(h => $"[{Js(h.Name)}, {Js(h.Value)}]")) + "]");
        }

        if (r.Body is { } body)
        {
            init.Add($"body: {Js(body.Length <= 80 ? body : body[..77] + "...")}");
        }

        init.Add($"credentials: {Js(r.Credentials)}");
        return $"fetch({Js(r.Url)}, {{ {string.Join(", ", init)} }})";
    }

    // Headers every response carries that nobody expects a script to read; left out of the "hidden" hint.
    private static readonly HashSet<string> Plumbing = new(StringComparer.OrdinalIgnoreCase)
    {
        "date", "server", "connection", "keep-alive", "transfer-encoding", "vary", "set-cookie", "set-cookie2", "location",
    };

    /// <summary>Response headers present on the final response that the script cannot read (Fetch §3.2.5 CORS filtered response).</summary>
    private static IReadOnlyList<string> Hidden(CheckResult r)
    {
        var final = r.Redirects.LastOrDefault(e => e.Response is not null)?.Response ?? r.Actual?.Response;
        if (final is null)
        {
            return [];
        }

        return [.. final.Headers.Select(h => h.Name.ToLowerInvariant())
            .Where(n => !Plumbing.Contains(n) && !n.StartsWith("access-control-", StringComparison.Ordinal) && !r.ReadableHeaders.Contains(n))
            .Distinct().Order(StringComparer.Ordinal)];
    }

    private static string Js(string s) => "'" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";

    private static string StatusText(int status, Ansi a)
    {
        var reason = status switch
        {
            200 => "OK", 201 => "Created", 202 => "Accepted", 204 => "No Content", 206 => "Partial Content",
            301 => "Moved Permanently", 302 => "Found", 303 => "See Other", 304 => "Not Modified",
            307 => "Temporary Redirect", 308 => "Permanent Redirect",
            400 => "Bad Request", 401 => "Unauthorized", 403 => "Forbidden", 404 => "Not Found",
            405 => "Method Not Allowed", 500 => "Internal Server Error", 502 => "Bad Gateway", 503 => "Service Unavailable",
            _ => "",
        };
        var text = reason.Length == 0 ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status} {reason}";
        return status is >= 200 and < 300 ? a.Green(text) : status is >= 300 and < 400 ? a.Yellow(text) : a.Red(text);
    }
}
