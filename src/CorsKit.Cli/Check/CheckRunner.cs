using CorsKit.Cli.Http;
using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Cli.Check;

/// <summary>
/// Runs one check: the browser model drives the exchanges (preflight, actual request, redirect hops) and this class
/// puts them on the network, then turns the verdict into a <see cref="CheckResult"/>. It never throws for bad input or
/// a network failure; those become results with an error.
/// </summary>
internal static class CheckRunner
{
    /// <summary>Checks <paramref name="input"/> as <paramref name="settings"/>' browser would make it.</summary>
    public static async Task<CheckResult> RunAsync(CheckRequest input, CheckSettings settings, CancellationToken cancellationToken = default)
    {
        var browser = settings.Browser.Name;
        if (!CheckInput.TryBuild(input, out var request, out var error))
        {
            return CheckResult.InputError(input, browser, error);
        }

        var owned = settings.Transport is null ? new HttpTransport(settings.Timeout, settings.Insecure, wire: CheckSettings.Wire(settings.Browser)) : null;
        // --timeout is the budget of the whole check, as a page's own fetch timeout (AbortSignal.timeout) covers every
        // redirect hop and the preflights: a slow redirect chain ends after about the timeout, not 21 times it.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(settings.Timeout);
        try
        {
            var result = await RunCoreAsync(input, request!, settings, settings.Transport ?? owned!, budget.Token, cancellationToken).ConfigureAwait(false);
            var notes = CheckNotes.For(result, input, crossOrigin: !request!.Origin.IsSameOrigin(CorsKit.Origins.Origin.FromUri(request.Url)));
            return result with { Notes = result.Cookies?.NoCookieNote(request.Credentials == CredentialsMode.Include || (request.Credentials == CredentialsMode.SameOrigin && request.Origin.IsSameOrigin(CorsKit.Origins.Origin.FromUri(request.Url))), input.Cookie is { Length: > 0 }) is { } none ? [.. notes, none] : notes };
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Not a user error and not a network failure: still one sentence, never a stack trace.
            return CheckResult.InputError(input, browser, $"the check could not run: {ex.Message}") with { Origin = request!.Origin.Serialized };
        }
        finally
        {
            owned?.Dispose();
        }
    }

    private static async Task<CheckResult> RunCoreAsync(CheckRequest input, CorsRequest request, CheckSettings settings, HttpTransport http, CancellationToken budget, CancellationToken cancellationToken)
    {
        var cookies = settings.Cookies.NewStore(settings.Browser, request.Url, out var jarOutcomes);
        var model = new BrowserModel(settings.Browser) { Cookies = cookies };
        var result = new CheckResult
        {
            Id = input.Id,
            Url = input.Url,
            Origin = request.Origin.Serialized,
            Browser = settings.Browser.Name,
            Method = input.Method,
            Credentials = input.Credentials,
            Headers = input.Headers,
            Body = input.Body,
        };

        // The model builds the CORS-relevant header list; the wire also carries what every browser adds on its own and
        // what lives outside the request (cookies). The model records each request as it went on the wire.
        var wire = new BrowserWire(request.Origin, request.Url, input.Cookie, settings.Browser);
        var gate = new LocalNetworkAccess.Gate(request.Origin, request.Url);
        OutgoingRequest OnWire(OutgoingRequest outgoing) => outgoing with { Headers = wire.Headers(outgoing) };
        async Task<IncomingResponse> SendAsync(OutgoingRequest sent, CancellationToken ct)
        {
            try
            {
                if (settings.TargetRule?.Invoke(sent.Url) is { } refusal)
                {
                    throw new TransportException("network", refusal);
                }

                // Every hop passes the Local Network Access gate before anything is written (LNA §3).
                await gate.CheckAsync(sent.Url, ct).ConfigureAwait(false);
                return await http.SendAsync(sent, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The budget is a network failure to the page (the fetch's AbortSignal.timeout), reported as one.
                throw new TransportException("timeout", $"the check did not finish within its --timeout of {settings.Timeout.TotalSeconds:0.###} s (the budget of the whole check: every redirect hop and preflight)");
            }
        }

        CorsVerdict verdict;
        try
        {
            verdict = await model.RunAsync(request, SendAsync, OnWire, budget).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The budget ran out outside a request (the model may observe the token between its steps).
            throw new TimeoutException($"the check did not finish within its --timeout of {settings.Timeout.TotalSeconds:0.###} s");
        }

        var classification = verdict.Classification!;
        if (classification.Error is { } refused)
        {
            // fetch() throws before anything is sent (Fetch §7.2 Request constructor: forbidden method → TypeError).
            return result with { Error = new CheckError { Kind = CheckErrorKind.Input, Message = $"the browser refuses this request before sending it: {refused}" } };
        }

        // A preflight denied without any CORS header: CorsKit's own probes (never sent by a browser) name what the
        // server refuses, and the failure's texts say that instead of the missing Access-Control-Allow-Origin.
        var diagnosis = settings.Probes ? await PreflightProber.ProbeAsync(model, request, verdict, SendAsync, OnWire, budget).ConfigureAwait(false) : null;
        if (diagnosis is not null && verdict.Failure is { } denied)
        {
            verdict = verdict with { Failure = denied.WithRefusal(diagnosis.Refusal, request.Origin.Serialized, classification.Method) };
            result = result with { Diagnosis = new CheckDiagnosis(diagnosis, [.. diagnosis.Probes.Select(p => View(ExchangeKind.Preflight, p.Request, p.Response))]) };
        }

        if (settings.Browser.Engine == BrowserEngine.Chromium && classification.IsCrossOrigin
            && await LocalNetworkAccess.WarningAsync(request.Origin, request.Url, cancellationToken).ConfigureAwait(false) is { } lna)
        {
            result = result with { Warnings = [lna] };
        }

        result = result with { Cookies = CheckCookieReport.From(verdict, cookies.Behaviour, jarOutcomes) };
        return Describe(result, request, classification, verdict, wire, diagnosis, settings);
    }

    private static CheckResult Describe(CheckResult result, CorsRequest request, RequestClassification classification, CorsVerdict verdict, BrowserWire wire, PreflightDiagnosis? diagnosis, CheckSettings settings)
    {
        CheckExchange? preflight = null;
        CheckExchange? actual = null;
        var later = new List<CheckExchange>();
        foreach (var exchange in verdict.Exchanges)
        {
            var view = View(exchange.Kind, exchange.Wire ?? exchange.Request, exchange.Response);
            if (actual is null && exchange.Kind == ExchangeKind.Preflight && preflight is null)
            {
                preflight = view;
            }
            else if (actual is null && exchange.Kind == ExchangeKind.Actual)
            {
                actual = view;
            }
            else
            {
                later.Add(view);
            }
        }

        // Blocked before the actual request: show what the browser would have sent (the model's unsent request, with
        // what the wire adds), marked as not sent.
        if (actual is null && verdict.Unsent is { } unsent)
        {
            var withCookies = verdict.UnsentCookies?.Header is { } cookie ? unsent with { Headers = [.. unsent.Headers, new HttpHeader("Cookie", cookie)] } : unsent;
            actual = View(ExchangeKind.Actual, withCookies with { Headers = wire.Headers(withCookies, record: false) }, null) with { Sent = false };
        }

        var error = verdict.Allowed ? null : Error(verdict);
        if (error is not null && verdict.Failure is { } failed)
        {
            error = error with { Consoles = ConsoleLine.For(failed, settings.Browser.Engine) };
        }

        // A Local Network Access refusal is reported as Chromium does (a CORS error), but no response header fixes it.
        var lnaDenied = verdict.Failure?.Code is { } refused && !FixAdvisor.Helps(refused);
        if (lnaDenied && later.Count > 0 && later[^1].Response is null)
        {
            later[^1] = later[^1] with { Sent = false };
        }

        var advice = error?.Kind == CheckErrorKind.Cors && !lnaDenied ? FixAdvisor.Advise(request, classification, verdict, diagnosis, settings.Stack, settings.AllStacks) : null;
        return result with
        {
            Allowed = verdict.Allowed,
            Preflight = preflight,
            Actual = actual,
            Redirects = later,
            Error = error,
            ReadableHeaders = verdict.Allowed ? verdict.ReadableHeaders : [],
            DroppedHeaders = verdict.DroppedHeaders.Count > 0 ? verdict.DroppedHeaders : classification.DroppedHeaders,
            Fix = error?.Kind == CheckErrorKind.Cors ? verdict.Failure?.Fix : null,
            Advice = advice,
        };
    }

    private static CheckError Error(CorsVerdict verdict)
    {
        var failure = verdict.Failure;
        var transportFailure = failure?.Transport;
        var last = verdict.Exchanges.Count > 0 ? verdict.Exchanges[^1].Request : null;
        if (failure?.Code is { } code)
        {
            return new CheckError
            {
                Kind = CheckErrorKind.Cors,
                Code = code.ToString(),
                Parameter = DevToolsParameter(failure.FailedParameter),
                Message = failure.ChromiumMessage,
                Firefox = failure.FirefoxReason,
                Explanation = failure.Explanation,
            };
        }

        if (transportFailure is not null)
        {
            // The browser shows this as the same "TypeError: Failed to fetch" as a CORS block; DevTools logs the net
            // error on the request line instead of a CORS message, and so do we.
            var netError = NetError(transportFailure);
            var line = last is null ? netError : $"{last.Method} {last.Url.AbsoluteUri} {netError}";
            return new CheckError
            {
                Kind = CheckErrorKind.Network,
                Network = transportFailure.Kind,
                NetError = netError,
                Message = line,
                Firefox = string.IsNullOrEmpty(failure?.FirefoxReason) ? "CORSDidNotSucceed" : failure.FirefoxReason,
                Explanation = $"Network failure, not CORS: {transportFailure.Message}. No response arrived, so there is nothing to fix in the CORS headers.",
            };
        }

        // Not a CORS error and not a transport failure: a fetch-level network error such as too many redirects.
        var name = failure?.NetworkError;
        return new CheckError
        {
            Kind = CheckErrorKind.Network,
            Network = name?.Contains("REDIRECT", StringComparison.Ordinal) == true ? "redirects" : "network",
            NetError = name,
            Message = failure?.ChromiumMessage ?? (last is null ? "request failed" : $"{last.Method} {last.Url.AbsoluteUri} {name}"),
            Firefox = failure?.FirefoxReason,
            Explanation = failure?.Explanation,
        };
    }

    /// <summary>
    /// The failed parameter as DevTools shows it. Chromium keeps the header value's raw bytes (a std::string) and the
    /// protocol carries it as UTF-8: bytes that are valid UTF-8 arrive decoded, anything else arrives as an empty
    /// string (observed in Chromium 156 Network.loadingFailed: ACAO `*` + 0xE9 → "", `*` + C3 A9 → "*é").
    /// The transport reads header bytes as Latin-1, one char a byte, so the chars are the bytes.
    /// </summary>
    internal static string DevToolsParameter(string parameter)
    {
        if (parameter.All(static c => c < 0x80) || parameter.Any(static c => c > 0xFF))
        {
            return parameter;
        }

        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(System.Text.Encoding.Latin1.GetBytes(parameter));
        }
        catch (System.Text.DecoderFallbackException)
        {
            return "";
        }
    }

    /// <summary>Chromium's net error for a transport failure (net/base/net_error_list.h), as precise as the
    /// exception allows: certificate problems and an empty response have their own names in Chromium.</summary>
    internal static string NetError(TransportException failure)
    {
        var http = failure.InnerException as HttpRequestException;
        var detail = http?.InnerException?.Message ?? "";
        // TransportException.ChromiumNetError maps the kind; these cases need the exception's detail.
        if (failure.InnerException is WireException wire)
        {
            return wire.NetError;
        }

        detail = detail.Length > 0 ? detail : failure.InnerException?.Message ?? "";
        return failure.Kind switch
        {
            "tls" when detail.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal) => "net::ERR_CERT_COMMON_NAME_INVALID",
            "tls" when detail.Contains("NotTimeValid", StringComparison.Ordinal) => "net::ERR_CERT_DATE_INVALID",
            "tls" when detail.Contains("UntrustedRoot", StringComparison.Ordinal) || detail.Contains("PartialChain", StringComparison.Ordinal)
                => "net::ERR_CERT_AUTHORITY_INVALID",
            // The server closed the connection without sending a status line.
            "reset" when http?.HttpRequestError == HttpRequestError.ResponseEnded
                && http.InnerException is not System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset }
                => "net::ERR_EMPTY_RESPONSE",
            _ => failure.ChromiumNetError,
        };
    }

    private static CheckExchange View(ExchangeKind kind, OutgoingRequest request, IncomingResponse? response)
        => new(kind, true, new WireRequest(request.Method, request.Url.AbsoluteUri, request.Headers), response is { } r ? new WireResponse(r.Status, r.Headers) : null);
}
