using CorsKit.Diagnostics.Fixes;
using CorsKit.Model;

namespace CorsKit.Diagnostics.Explain;

/// <summary>
/// A request copied from DevTools (<see cref="CopiedRequest"/>) explained offline: the request as <c>check</c> sends
/// it, what the browser model predicts before any answer (cross-origin or not, preflight or not, with which
/// <c>Access-Control-Request-*</c>, credentials), what the server must send for it to pass, and the check command.
/// </summary>
internal static class CopiedExplainer
{
    /// <summary>Parses the copy; the origin from its Origin/Referer, else <paramref name="origin"/> (<c>--origin</c>),
    /// which also wins when given. A <see cref="ExplainInputException"/> (one sentence) when it cannot be read.</summary>
    public static CheckRequest Parse(string text, string? origin)
    {
        if (!CopiedRequest.TryParse(text, out var request, out var copiedOrigin, out var error))
        {
            throw new ExplainInputException(error);
        }

        var chosen = origin ?? copiedOrigin ?? throw new ExplainInputException(
            "the copied request names no page origin (no Origin or Referer header): give it with --origin (e.g. --origin https://app.example).");
        request = request with { Origin = chosen };
        return CheckInput.TryBuild(request, out _, out error) ? request : throw new ExplainInputException(error);
    }

    public static ExplainResult Explain(ExplainInputKind kind, CheckRequest request)
    {
        CheckInput.TryBuild(request, out var cors, out _);
        var c = new BrowserModel(BrowserProfile.Chromium).Classify(cors!);
        var origin = cors!.Origin.Serialized;
        var credentials = cors.Credentials == CredentialsMode.Include;
        string explanation, fix;
        if (c.Error is { } refused)
        {
            explanation = $"The browser refuses to make this request: {refused}";
            fix = "Change the script: no request is sent, so no server header can help.";
        }
        else if (!c.IsCrossOrigin)
        {
            explanation = $"{c.Method} {cors.Url.AbsoluteUri} is same-origin to a page on {origin}: CORS does not apply, the browser lets the script read any response.";
            fix = "Nothing to fix for CORS.";
        }
        else
        {
            var preflight = c.NeedsPreflight
                ? $"it needs a preflight: OPTIONS {cors.Url.AbsoluteUri} with Access-Control-Request-Method: {c.Method}"
                  + (c.AccessControlRequestHeaders is { } acrh ? $" and Access-Control-Request-Headers: {acrh}" : "")
                  + (FetchSafe(c.Method) ? " (for its headers)" : $" (for the method {c.Method})")
                : "it is a simple request: no preflight, the request goes out at once";
            explanation = $"A cross-origin {c.Method} from a page on {origin}, {(credentials ? "with credentials (cookies) included" : "without credentials")}: {preflight}.";
            var allowOrigin = $"`Access-Control-Allow-Origin: {origin}`" + (credentials ? " and `Access-Control-Allow-Credentials: true`" : "");
            fix = c.NeedsPreflight
                ? $"The OPTIONS answer must be 2xx with {allowOrigin}"
                  + (FetchSafe(c.Method) ? "" : $", `Access-Control-Allow-Methods` naming {c.Method}")
                  + (c.AccessControlRequestHeaders is { } names ? $", `Access-Control-Allow-Headers` naming {names}" : "")
                  + $"; the {c.Method} answer needs {allowOrigin} again."
                : $"The answer needs {allowOrigin}.";
        }

        var notes = new List<string>();
        if (c.DroppedHeaders.Count > 0)
        {
            notes.Add($"The browser drops headers a script may not set: {string.Join(", ", c.DroppedHeaders)}.");
        }

        var item = new ExplainItem
        {
            Kind = kind,
            Browser = BrowserProfile.Chromium.Name,
            Initiator = "fetch",
            Method = c.Method,
            Url = request.Url,
            Origin = origin,
            Credentials = request.Credentials,
            Blocked = false,
            Verdict = ExplainVerdict.Predicted,
            Explanation = explanation,
            Causes = [],
            Fix = fix,
            Check = CheckCommandLine.For(request),
            CheckNote = "Run it (or explain --live) to get the server's answer: a copied request says what the browser sends, not what the server replies.",
            Notes = notes,
            // What the server must send before any answer is known: only when a header can make it pass.
            Advice = c.Error is null && c.IsCrossOrigin ? FixAdvisor.ForRequest(cors) : null,
        };
        return new ExplainResult(kind, [item]);
    }

    private static bool FetchSafe(string method) => CorsKit.Fetch.FetchRules.IsCorsSafelistedMethod(method);
}
