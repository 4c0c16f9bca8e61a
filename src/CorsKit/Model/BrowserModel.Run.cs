using CorsKit.Cookies;
using CorsKit.Fetch;
using CorsKit.Origins;

namespace CorsKit.Model;

public sealed partial class BrowserModel
{
    /// <summary>Fetch §4.4 step 5: the 21st redirect is a network error.</summary>
    private const int RedirectLimit = 20;

    private static readonly string[] RequestBodyHeaderNames = ["content-encoding", "content-language", "content-location", "content-type"];

    private async Task<CorsVerdict> RunCoreAsync(CorsRequest request, CorsTransport transport, Func<OutgoingRequest, OutgoingRequest>? onWire, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(transport);
        var classification = Classify(request);
        if (classification.Error is not null)
        {
            return new CorsVerdict { Allowed = false, Exchanges = [], Failure = CorsFailures.Script(classification.Error), DroppedHeaders = classification.DroppedHeaders, Classification = classification };
        }

        var run = new Run(request, classification, onWire, Cookies);
        var url = request.Url;
        var method = classification.Method;
        var headers = new List<HttpHeader>(classification.Headers);
        var entries = new List<HttpHeader>(classification.Entries); // uncombined, for Firefox's per-entry rule
        var body = request.Body;
        var corsTainting = false; // response tainting "cors": sticky for the rest of the chain (Fetch §4.1 step 12)
        var tainted = false; // redirect-taint is not same-origin → the request origin serializes to "null" (Fetch §3.1.8)
        var redirects = 0;
        var preflightSticky = false; // some hop needed a preflight or carried CORS-unsafe request headers
        var forcePreflight = RequestClassifier.ForcesPreflight(request, Profile);
        int? relistFromHop = null;
        var droppedUnsafeBodyHeaders = new List<string>();
        var include = request.Credentials == CredentialsMode.Include;
        IReadOnlyList<string>? chromiumMapOrder = null; // built on the first preflight (ChromiumHeaderOrder)
        var keepOrigin = false; // WebKitGTK: the previous hop's Origin header survives a same-origin redirect
        CorsFailure? webProcessRefusal = null; // WebKit: the web process refuses the redirect after the next preflight
        // WebKit's web process checks redirects with the credentials policy fixed when the load started: "same-origin"
        // credentials on a URL of the page's origin count as credentialed for the whole chain.
        var startedCredentialed = include || (request.Credentials == CredentialsMode.SameOrigin && request.Origin.IsSameOrigin(Origin.FromUri(request.Url)));

        while (true)
        {
            var currentOrigin = Origin.FromUri(url);
            corsTainting |= !request.Origin.IsSameOrigin(currentOrigin);
            var serializedOrigin = tainted ? "null" : request.Origin.Serialized;
            // WebKit judges every hop by the headers the script set (NetworkLoadChecker m_originalRequestHeaders).
            var unsafeNames = Profile.PreflightsWithOriginalRequestHeaders
                ? classification.UnsafeHeaderNames
                : RequestClassifier.UnsafeNames(headers, entries, classification.PerEntry, Profile);
            if (relistFromHop is { } from && redirects >= from)
            {
                // Firefox (observed #318, #682): body headers a rewrite dropped come back in later preflights.
                unsafeNames = [.. unsafeNames.Concat(droppedUnsafeBodyHeaders).Order(StringComparer.Ordinal)];
            }
            // Firefox sends (and checks) the page's origin on a preflight even after a tainting redirect.
            var preflightOrigin = Profile.PreflightUsesPageOrigin ? request.Origin.Serialized : serializedOrigin;
            var force = forcePreflight || (preflightSticky && Profile.PreflightsEveryHopAfterAPreflight);
            var needsPreflight = corsTainting && (force || !FetchRules.IsCorsSafelistedMethod(method) || unsafeNames.Count > 0);
            // Firefox remembers that a hop needed a preflight, or carried CORS-unsafe headers even on a same-origin
            // first hop, and preflights every later cross-origin hop; an unsafe method on a same-origin hop does not
            // count (observed: #142, #593, #1073).
            preflightSticky |= needsPreflight || unsafeNames.Count > 0;

            // The actual request: the script's surviving headers, then Origin (Fetch §3.1.5 "append a request Origin
            // header": always for CORS; for a same-origin request only when the method is not GET or HEAD).
            var sent = new List<HttpHeader>(headers);
            var sendsOrigin = corsTainting || method is not ("GET" or "HEAD") || keepOrigin;
            if (sendsOrigin)
            {
                sent.Add(new HttpHeader("Origin", serializedOrigin));
            }

            var actual = new OutgoingRequest
            {
                Method = method,
                Url = url,
                Headers = sent,
                Body = body,
                // Fetch §4.5 step 8.8 includeCredentials: "include", or "same-origin" with basic tainting.
                IncludeCredentials = include || (request.Credentials == CredentialsMode.SameOrigin && !corsTainting),
            };

            if (needsPreflight && !(Profile.ReusesPreflightCache && _cache.Covers(preflightOrigin, url, include, method, unsafeNames, force)))
            {
                // Chromium checks the names in its renderer header-map order, fixed when the request starts.
                var checkOrder = unsafeNames;
                if (Profile.Engine == BrowserEngine.Chromium && unsafeNames.Count > 1)
                {
                    chromiumMapOrder ??= ChromiumHeaderOrder.MapOrder(classification.Headers, request.Initiator, request.Url);
                    checkOrder = ChromiumHeaderOrder.CheckOrder(unsafeNames, headers, chromiumMapOrder, Profile);
                }

                var preflightFailure = await PreflightAsync(run, url, method, unsafeNames, checkOrder, preflightOrigin, transport, cancellationToken).ConfigureAwait(false);
                if (preflightFailure is not null)
                {
                    _cache.Remove(preflightOrigin, url);
                    // The actual request was never sent; the verdict says what it would have been.
                    return run.Fail(preflightFailure, unsent: actual);
                }
            }

            if (webProcessRefusal is not null)
            {
                // The network process has sent this hop's preflight; the web process then cancels the redirect.
                return run.Fail(webProcessRefusal, unsent: actual);
            }

            var response = await SendAsync(run, ExchangeKind.Actual, actual, transport, cancellationToken).ConfigureAwait(false);
            var context = run.Context(url, method, serializedOrigin, unsafeNames, response);
            if (response is null)
            {
                return run.Fail(run.TransportFailure(context));
            }

            run.ActualSent = true;

            // Fetch §4.3 HTTP fetch step 4.5: the CORS check applies to every response of a CORS request, redirects too.
            if (corsTainting)
            {
                var check = CorsCheck.Check(serializedOrigin, request.Credentials, response.Headers);
                if (!check.Passed)
                {
                    _cache.Remove(preflightOrigin, url);
                    return run.Fail(CorsFailures.Cors(check.Error!.Value, check.FailedParameter, context));
                }
            }

            if (!PreflightEvaluator.IsRedirect(response))
            {
                var readable = corsTainting ? ReadableHeaders(response, request.Credentials) : BasicReadableHeaders(response);
                return run.Succeed(readable);
            }

            // Fetch §4.4 HTTP-redirect fetch.
            if (redirects == RedirectLimit)
            {
                return run.Fail(CorsFailures.Network("net::ERR_TOO_MANY_REDIRECTS", $"The request was redirected more than {RedirectLimit} times.",
                    "Break the redirect loop on the server; browsers follow at most 20 redirects.", context));
            }

            redirects++;
            var location = HeaderValues.Get(response.Headers, "location") ?? "";
            if (!Uri.TryCreate(url, WhatwgLocation(location), out var next) || !next.IsAbsoluteUri)
            {
                return run.Fail(CorsFailures.Network("net::ERR_INVALID_REDIRECT", $"The redirect Location '{location}' is not a valid URL.",
                    "Send an absolute http(s) URL in Location.", context));
            }

            // Fetch §4.4 HTTP-redirect fetch step 3 / "location URL" step 4: a Location without a fragment inherits the
            // current URL's fragment (Chromium 156 names '…/h1#frag' in its console message after a redirect from '…/h0#frag').
            if (url.Fragment.Length > 0 && next.Fragment.Length == 0)
            {
                next = new Uri(next.AbsoluteUri + url.Fragment);
            }

            if (next.Scheme is not ("http" or "https"))
            {
                // Observed in Chromium 156 (redirect from an http CORS fetch): data: file: blob: about: chrome: are refused
                // by the network stack (net::ERR_UNSAFE_REDIRECT), ws: wss: are unknown to it (net::ERR_UNKNOWN_URL_SCHEME),
                // and every other scheme (ftp: mailto: javascript: gopher: foo:) reaches the CORS check and fails with
                // CorsDisabledScheme, naming the redirect target (Chromium cors_url_loader.cc, kCorsDisabledScheme).
                if (next.Scheme is "ws" or "wss")
                {
                    return run.Fail(CorsFailures.Network("net::ERR_UNKNOWN_URL_SCHEME", $"The redirect goes to '{next.Scheme}:', which fetch() cannot load.",
                        "Redirect only to http(s) URLs.", context));
                }

                if (next.Scheme is not ("data" or "file" or "blob" or "about" or "chrome" or "filesystem" or "chrome-untrusted" or "chrome-extension"))
                {
                    return run.Fail(CorsFailures.Cors(ChromiumCorsError.CorsDisabledScheme, "", context with { LastUrl = next }));
                }

                return run.Fail(CorsFailures.Network("net::ERR_UNSAFE_REDIRECT", $"The redirect goes to '{next.Scheme}:', which a CORS request cannot follow.",
                    "Redirect only to http(s) URLs.", context));
            }

            var nextOrigin = Origin.FromUri(next);
            // Fetch §4.4 step 7-8 (Chromium CheckRedirectLocation): userinfo in a cross-origin or CORS redirect.
            if (next.UserInfo.Length > 0 && (corsTainting || !request.Origin.IsSameOrigin(nextOrigin)))
            {
                var refusal = CorsFailures.Cors(ChromiumCorsError.RedirectContainsCredentials, "", context);
                if (corsTainting || !Profile.RechecksRedirectsInWebProcess)
                {
                    return run.Fail(refusal);
                }

                // WebKit: only the web process sees this one (the chain so far was same-origin), after the next preflight.
                webProcessRefusal = refusal;
            }

            if (corsTainting && Profile.RechecksRedirectsInWebProcess && webProcessRefusal is null && startedCredentialed && !include)
            {
                // SubresourceLoader::checkRedirectionCrossOriginAccessControl: the redirect response of a cross-origin
                // hop checked again, credentialed, because the load started same-origin with "same-origin" credentials.
                var recheck = CorsCheck.Check(serializedOrigin, CredentialsMode.Include, response.Headers);
                if (!recheck.Passed)
                {
                    webProcessRefusal = CorsFailures.Cors(recheck.Error!.Value, recheck.FailedParameter, context);
                }
            }

            if (next.UserInfo.Length > 0 && Profile.AbortsSameOriginRedirectWithCredentials)
            {
                return run.Fail(CorsFailures.Network("net::ERR_ABORTED", "Chromium aborts a redirect whose Location contains user:password@, even between two URLs of the page's own origin.",
                    "Remove the userinfo from the Location header.", context));
            }

            // Step 12: 301/302 + POST, or 303 + anything but GET/HEAD → GET without a body or body headers. WebKitGTK also
            // turns a DELETE sent on to another origin into a GET (NetworkDataTaskSoup shouldRedirectAsGET).
            if ((response.Status is 301 or 302 && method == "POST") || (response.Status == 303 && method is not ("GET" or "HEAD"))
                || (Profile.RedirectsCrossOriginDeleteAsGet && method == "DELETE" && !currentOrigin.IsSameOrigin(nextOrigin)))
            {
                if (Profile.RelistsDroppedBodyHeaders && relistFromHop is null)
                {
                    var unsafeNow = RequestClassifier.UnsafeNames(headers, entries, classification.PerEntry, Profile);
                    droppedUnsafeBodyHeaders.AddRange(unsafeNow.Where(RequestBodyHeaderNames.Contains));
                    relistFromHop = redirects + 1; // not at the hop the rewritten request goes to, but from the next one
                }

                method = "GET";
                body = null;
                headers.RemoveAll(h => RequestBodyHeaderNames.Contains(h.Name.ToLowerInvariant()));
                entries.RemoveAll(h => RequestBodyHeaderNames.Contains(h.Name.ToLowerInvariant()));
            }

            // Chromium 156 (observed): client hints go to the page's origin only, script-set ones included.
            if (Profile.DropsClientHintsOnRedirectAwayFromPage && !request.Origin.IsSameOrigin(nextOrigin))
            {
                headers.RemoveAll(h => FetchRules.IsClientHintName(h.Name));
                entries.RemoveAll(h => FetchRules.IsClientHintName(h.Name));
            }

            // Step 13: a cross-origin hop drops Authorization.
            if (!currentOrigin.IsSameOrigin(nextOrigin))
            {
                headers.RemoveAll(h => h.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase));
                entries.RemoveAll(h => h.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase));
            }

            // Fetch §3.1.8 redirect-taint / Chromium CheckTainted: the hop changes origin and the request's origin is
            // not same origin with the URL being left.
            if (!nextOrigin.IsSameOrigin(currentOrigin) && !request.Origin.IsSameOrigin(currentOrigin))
            {
                tainted = true;
            }

            keepOrigin = Profile.KeepsOriginOnSameOriginRedirect && sendsOrigin && currentOrigin.IsSameOrigin(nextOrigin);
            url = next;
        }
    }

    private async Task<CorsFailure?> PreflightAsync(Run run, Uri url, string method, IReadOnlyList<string> unsafeNames,
        IReadOnlyList<string> checkOrder, string serializedOrigin, CorsTransport transport, CancellationToken cancellationToken)
    {
        // Fetch §4.9 CORS-preflight fetch steps 1-4: OPTIONS, Accept: */*, ACRM, ACRH when non-empty, Origin;
        // never credentials.
        List<HttpHeader> preflightHeaders = [new("Accept", "*/*"), new("Access-Control-Request-Method", method)];
        var acrh = unsafeNames.Count == 0 ? null : string.Join(',', unsafeNames);
        if (acrh is not null)
        {
            preflightHeaders.Add(new("Access-Control-Request-Headers", acrh));
        }

        preflightHeaders.Add(new("Origin", serializedOrigin));
        var preflight = new OutgoingRequest { Method = "OPTIONS", Url = url, Headers = preflightHeaders, IncludeCredentials = false };
        run.NotePreflight(method, acrh);
        var response = await SendAsync(run, ExchangeKind.Preflight, preflight, transport, cancellationToken).ConfigureAwait(false);
        var context = run.Context(url, method, serializedOrigin, unsafeNames, response);
        if (response is null)
        {
            return run.TransportFailure(context);
        }

        var skipCorsCheck = Profile.SkipsPreflightCorsCheckOnPageOrigin && run.Request.Origin.IsSameOrigin(Origin.FromUri(url));
        var (result, error, parameter) = PreflightEvaluator.Evaluate(response, serializedOrigin, run.Request.Credentials, method, checkOrder, Profile, skipCorsCheck);
        // WebKit (validatePreflightResponse) caches a parsed preflight before judging the method and headers; an opaque
        // origin's entries are keyed by that origin's identity, which no later request shares.
        var cacheable = result is not null && !(Profile.NeverReusesOpaqueOriginPreflights && serializedOrigin == "null");
        if (error is not null)
        {
            if (cacheable && Profile.CachesRefusedPreflights)
            {
                _cache.Store(serializedOrigin, url, result!);
            }

            return CorsFailures.Cors(error.Value, parameter, context);
        }

        if (cacheable)
        {
            _cache.Store(serializedOrigin, url, result!);
        }
        return null;
    }

    private static async Task<IncomingResponse?> SendAsync(Run run, ExchangeKind kind, OutgoingRequest request, CorsTransport transport, CancellationToken cancellationToken)
    {
        IncomingResponse? response = null;
        // The cookies go on the wire request only (RFC 6265bis §5.8.3; Fetch §4.6 step 8.17: never on a preflight).
        var cookies = kind == ExchangeKind.Actual ? run.AttachCookies(request) : null;
        var outgoing = cookies?.Header is { } cookieHeader ? request with { Headers = [.. request.Headers, new HttpHeader("Cookie", cookieHeader)] } : request;
        // What the caller puts on the wire besides the CORS-relevant headers (User-Agent, Sec-Fetch-*, cookies) is
        // recorded with the exchange; the CORS algorithm keeps working on the model's own request.
        var wire = run.OnWire?.Invoke(outgoing) ?? (ReferenceEquals(outgoing, request) ? null : outgoing);
        try
        {
            response = await transport(wire ?? request, cancellationToken).ConfigureAwait(false);
        }
        catch (LocalNetworkAccessException ex)
        {
            // Not sent: the browser's permission gate stopped it before the connection (LNA §3 "Integration with Fetch").
            run.LocalNetworkDenied = ex.Target;
            run.LocalNetworkInsecure = !ex.SecureContext;
            run.NetworkDetail = ex.Message;
        }
        catch (TransportException ex)
        {
            run.NetworkError = ex.ChromiumNetError;
            run.NetworkDetail = ex.Message;
            run.Transport = ex;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A transport is user code; whatever it throws is a network error to the page.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            run.NetworkError = "net::ERR_FAILED";
            run.NetworkDetail = ex.Message;
        }

        run.Exchanges.Add(new Exchange(kind, request, response) { Wire = wire, Cookies = cookies, SetCookies = run.StoreCookies(request, response) });
        return response;
    }

    /// <summary>A basic filtered response (same-origin): every header except Set-Cookie/Set-Cookie2 (Fetch §2.2.6).</summary>
    /// <summary>
    /// The Location value as the WHATWG URL parser reads it for an http(s) base, put in a form <see cref="Uri"/> parses
    /// the same way: leading/trailing C0 controls and spaces dropped, tabs and newlines removed, and a backslash before
    /// the query read as a slash (URL Standard, "special" schemes). Observed: `Location: \\127.0.0.1:P\s\h1` is followed
    /// to http://127.0.0.1:P/s/h1 by Chromium 156 and Firefox 153.
    /// </summary>
    internal static string WhatwgLocation(string location)
    {
        var start = 0;
        var end = location.Length;
        while (start < end && location[start] <= ' ')
        {
            start++;
        }

        while (end > start && location[end - 1] <= ' ')
        {
            end--;
        }

        var trimmed = location[start..end];
        var text = new System.Text.StringBuilder(trimmed.Length);
        var inQuery = false;
        foreach (var c in trimmed)
        {
            if (c is '\t' or '\n' or '\r')
            {
                continue;
            }

            inQuery |= c is '?' or '#';
            text.Append(c == '\\' && !inQuery ? '/' : c);
        }

        return text.ToString();
    }

    private static IReadOnlyList<string> BasicReadableHeaders(IncomingResponse response)
        => [.. response.Headers.Where(h => !string.IsNullOrEmpty(h.Name) && !FetchRules.IsForbiddenResponseHeaderName(h.Name))
            .Select(h => h.Name.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>The state of one RunAsync call.</summary>
    private sealed class Run(CorsRequest request, RequestClassification classification, Func<OutgoingRequest, OutgoingRequest>? onWire, CookieStore? cookies)
    {
        /// <summary>The cookie decisions for <paramref name="outgoing"/>; null without a cookie store. The page is the
        /// top-level document, so its origin is the site for cookies, redirects and tainting included.</summary>
        public CookieAttachment? AttachCookies(OutgoingRequest outgoing) =>
            cookies?.Attach(outgoing.Url, Request.Origin, Request.Credentials, outgoing.IncludeCredentials);

        /// <summary>Offers each Set-Cookie of <paramref name="response"/> to the store. Fetch §4.6 "HTTP-network fetch"
        /// stores them when includeCredentials is true, before the CORS check of §4.3 step 4.5 runs, so a response the
        /// page may not read still sets its cookies (as Chromium and Firefox do).</summary>
        public IReadOnlyList<SetCookieOutcome> StoreCookies(OutgoingRequest sent, IncomingResponse? response) =>
            cookies is null || response is null ? []
            : [.. response.Headers.Where(h => h.Name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
                .Select(h => cookies.Receive(h.Value, sent.Url, Request.Origin, sent.IncludeCredentials))];

        public CorsRequest Request { get; } = request;
        public Func<OutgoingRequest, OutgoingRequest>? OnWire { get; } = onWire;

        /// <summary>The transport's failure, when that is why no response arrived.</summary>
        public TransportException? Transport { get; set; }
        public List<Exchange> Exchanges { get; } = [];
        public bool ActualSent { get; set; }
        public string? NetworkError { get; set; }
        public string? NetworkDetail { get; set; }
        private bool _preflightSent;
        private string? _preflightMethod;
        private string? _preflightHeaders;

        public void NotePreflight(string method, string? headers)
        {
            if (!_preflightSent)
            {
                _preflightSent = true;
                _preflightMethod = method;
                _preflightHeaders = headers;
            }
        }

        public FailureContext Context(Uri url, string method, string serializedOrigin, IReadOnlyList<string> unsafeNames, IncomingResponse? response) => new()
        {
            Request = Request, LastUrl = url, Method = method, SerializedOrigin = serializedOrigin, UnsafeHeaderNames = unsafeNames, Response = response,
        };

        /// <summary>The address space a Local Network Access refusal was for, when that is why no response arrived.</summary>
        public AddressSpace? LocalNetworkDenied { get; set; }

        /// <summary>True when that refusal was because the page is not a secure context.</summary>
        public bool LocalNetworkInsecure { get; set; }

        public CorsFailure TransportFailure(FailureContext context) => LocalNetworkDenied is { } space
            ? CorsFailures.Cors(LocalNetworkInsecure ? ChromiumCorsError.InsecureLocalNetwork : ChromiumCorsError.LocalNetworkAccessPermissionDenied, "", context, AddressSpaces.Name(space))
            : CorsFailures.Network(NetworkError ?? "net::ERR_FAILED",
            $"The request to {context.LastUrl.AbsoluteUri} failed at the network level ({NetworkDetail}); this is not a CORS decision.",
            "Check that the server is running and reachable at that address (DNS, port, TLS certificate); CORS headers cannot fix this.", context) with { Transport = Transport };

        public CorsVerdict Fail(CorsFailure failure, OutgoingRequest? unsent = null) =>
            Verdict(false, [], failure) with { Unsent = unsent, UnsentCookies = unsent is null ? null : AttachCookies(unsent) };

        public CorsVerdict Succeed(IReadOnlyList<string> readable) => Verdict(true, readable, null);

        private CorsVerdict Verdict(bool allowed, IReadOnlyList<string> readable, CorsFailure? failure) => new()
        {
            Classification = classification,
            Allowed = allowed,
            Exchanges = Exchanges,
            PreflightSent = _preflightSent,
            PreflightRequestMethod = _preflightMethod,
            PreflightRequestHeaders = _preflightHeaders,
            ActualSent = ActualSent,
            ReadableHeaders = readable,
            Failure = failure,
            DroppedHeaders = classification.DroppedHeaders,
        };
    }
}
