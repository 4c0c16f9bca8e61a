using System.Text;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Diagnostics.Fixes;

/// <summary>
/// Works out the server-side change from what the request needs and what the server sends now: the origin the failing
/// hop carried, the method, the CORS-unsafe header names and the credentials mode (Fetch §4.10 CORS check and
/// CORS-preflight fetch step 7). The lists are amended (what the server allows now, plus what is missing), never
/// replaced. The prose fix is the model's (<see cref="CorsFailure.Fix"/>); this class only writes header lines and
/// configuration. It never writes what <c>audit</c> rates critical: no <c>null</c> origin, no echoed Origin.
/// </summary>
internal static class FixAdvisor
{
    public static FixAdvice Advise(CorsRequest request, RequestClassification classification, CorsVerdict verdict, PreflightDiagnosis? diagnosis, ServerStack? stack, bool allStacks)
    {
        // The origin the failing hop sent: "null" once a cross-origin redirect tainted the request (Fetch §3.1.7
        // "serializing a request origin"), else the page's origin.
        var failing = verdict.Exchanges.Count > 0 ? verdict.Exchanges[^1] : null;
        var sentOrigin = (failing is null ? null : HeaderValues.Get(failing.Request.Headers, "Origin"));
        var sent = string.IsNullOrEmpty(sentOrigin) ? request.Origin.Serialized : sentOrigin;
        var credentials = request.Credentials == CredentialsMode.Include;
        // 'null' is never allowed by name (audit: null-origin-allowed). Without credentials '*' serves a public resource
        // to it (Fetch §3.2.5 CORS check: '*' passes when credentials are not included); with credentials no header
        // is safe, and the model's fix says what to do instead.
        string? origin = sent == "null" ? (credentials ? null : "*") : sent;

        var preflight = classification.NeedsPreflight || request.ForcePreflight;
        var method = classification.Method;
        var needed = classification.UnsafeHeaderNames;
        var preflightResponse = verdict.Exchanges.LastOrDefault(e => e.Kind == ExchangeKind.Preflight)?.Response;
        // What the server lists now: the preflight's own lists, else what CorsKit's accepted probes were told.
        var nowHeaders = Listed(preflightResponse, "Access-Control-Allow-Headers").Concat(diagnosis?.Refusal.AllowedHeaders ?? []).Where(n => n != "*").ToList();
        var nowMethods = Listed(preflightResponse, "Access-Control-Allow-Methods").Concat(diagnosis?.Refusal.AllowedMethods ?? []).Where(n => n != "*").ToList();
        var allowHeaders = Amend(nowHeaders, needed, StringComparer.OrdinalIgnoreCase);
        // Method names compare byte for byte (Fetch §4.9 step 7.4), header names without case.
        var allowMethods = FetchRules.IsCorsSafelistedMethod(method) && nowMethods.Count == 0 ? [] : Amend(nowMethods, [method], StringComparer.Ordinal);

        var preflightHeaders = new List<HttpHeader>();
        var actualHeaders = new List<HttpHeader>();
        if (origin is not null)
        {
            var withCredentials = credentials && origin != "*";
            if (preflight)
            {
                preflightHeaders.Add(new("Access-Control-Allow-Origin", origin));
                if (withCredentials)
                {
                    preflightHeaders.Add(new("Access-Control-Allow-Credentials", "true"));
                }

                if (allowMethods.Count > 0)
                {
                    preflightHeaders.Add(new("Access-Control-Allow-Methods", string.Join(", ", allowMethods)));
                }

                if (allowHeaders.Count > 0)
                {
                    preflightHeaders.Add(new("Access-Control-Allow-Headers", string.Join(", ", allowHeaders)));
                }

                preflightHeaders.Add(new("Vary", "Origin"));
            }

            actualHeaders.Add(new("Access-Control-Allow-Origin", origin));
            if (withCredentials)
            {
                actualHeaders.Add(new("Access-Control-Allow-Credentials", "true"));
            }

            actualHeaders.Add(new("Vary", "Origin"));
        }

        var responses = verdict.Exchanges.Select(e => e.Response).OfType<IncomingResponse>()
            .Concat(diagnosis?.Probes.Select(p => p.Response).OfType<IncomingResponse>() ?? []);
        var detected = StackDetector.Detect(responses);
        var need = new FixNeed(origin, credentials && origin != "*", preflight, method, allowMethods, allowHeaders, needed);
        IEnumerable<ServerStack> stacks = allStacks ? Enum.GetValues<ServerStack>()
            : stack is { } chosen ? [chosen]
            : detected is { } found ? [found]
            : [];
        return new FixAdvice
        {
            Url = (failing?.Request.Url ?? request.Url).AbsoluteUri,
            Origin = origin,
            Credentials = need.Credentials,
            Preflight = preflight,
            Method = method,
            Headers = needed,
            PreflightResponseHeaders = preflightHeaders,
            ActualResponseHeaders = actualHeaders,
            DetectedStack = detected,
            Snippets = origin is null ? [] : [.. stacks.Select(s => FixSnippets.For(s, need))],
        };
    }

    /// <summary>True when a response header can fix <paramref name="code"/>: every CORS error but Chromium's Local
    /// Network Access refusals, which it reports as CORS errors although they need the user's permission or a secure
    /// page (WICG Local Network Access, "permission prompt"), not a header.</summary>
    public static bool Helps(ChromiumCorsError? code) =>
        code is { } c && c is not (ChromiumCorsError.LocalNetworkAccessPermissionDenied or ChromiumCorsError.InsecureLocalNetwork);

    /// <summary>The advice for a request known only from what the browser reported (a console message, a copied
    /// request): no response is at hand, so the lists hold what the request needs, and every stack's snippet is
    /// written. <paramref name="preflighted"/>: the browser said the preflight failed, whatever the request shows.</summary>
    public static FixAdvice ForRequest(CorsRequest request, bool preflighted = false)
    {
        var classification = new BrowserModel(BrowserProfile.Chromium).Classify(request);
        return Advise(request with { ForcePreflight = request.ForcePreflight || preflighted }, classification, new CorsVerdict { Allowed = false, Exchanges = [] }, null, null, allStacks: true);
    }

    /// <summary>The names a response's list header carries now (Fetch §3.2.3 token list; nothing when it does not parse).</summary>
    private static IReadOnlyList<string> Listed(IncomingResponse? response, string name)
    {
        var value = response is null ? null : HeaderValues.Get(response.Headers, name);
        return FetchRules.TryParseTokenList(value, BrowserProfile.Chromium, out var tokens) ? tokens : [];
    }

    /// <summary>What is listed now, then what is missing: a change, not a replacement.</summary>
    private static List<string> Amend(IEnumerable<string> now, IEnumerable<string> needed, StringComparer comparer)
        => [.. now.Concat(needed).Distinct(comparer)];
}
