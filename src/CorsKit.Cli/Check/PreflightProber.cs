using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Cli.Check;

/// <summary>
/// Pins the cause of a denied preflight. Many CORS layers refuse a preflight whose method or headers they do not allow
/// by answering without any CORS header (CorsKit's middleware, and jub0bs/cors v1.0.2 config.go preflightFailStatus: 403; Starlette cors.py
/// preflight_response: 400 "Disallowed CORS headers", with Access-Control-Allow-Origin; rs/cors 1.7 handlePreflight:
/// 200), so the browser can only report PreflightMissingAllowOriginHeader or PreflightInvalidStatus. CorsKit re-sends the preflight, which a browser never does: once for <c>GET</c>
/// without request headers (is the origin allowed at all?), once with the method alone, and once per request header,
/// and judges each answer with the browser model's own preflight rule (<see cref="BrowserModel.JudgePreflight"/>).
/// </summary>
internal static class PreflightProber
{
    /// <summary>At most this many request headers are probed one by one (each costs one request).</summary>
    internal const int MaxHeaderProbes = 8;

    /// <param name="model">The model that judged the denied preflight; it judges each probe too.</param>
    /// <param name="request">The checked request.</param>
    /// <param name="verdict">The model's verdict.</param>
    /// <param name="send">The transport the check sends with.</param>
    /// <param name="onWire">Completes a request with what the browser adds on the wire, as for the check's own requests.</param>
    /// <param name="cancellationToken">The check's budget.</param>
    public static async Task<PreflightDiagnosis?> ProbeAsync(BrowserModel model, CorsRequest request, CorsVerdict verdict, CorsTransport send, Func<OutgoingRequest, OutgoingRequest> onWire, CancellationToken cancellationToken)
    {
        // Denied without CORS headers, or with them but a non-ok status (Starlette's 400 keeps Access-Control-Allow-Origin).
        if (verdict.Failure?.Code is not (ChromiumCorsError.PreflightMissingAllowOriginHeader or ChromiumCorsError.PreflightInvalidStatus)
            || verdict.Exchanges.Count == 0 || verdict.Exchanges[^1] is not { Kind: ExchangeKind.Preflight, Response: { } denied } last)
        {
            return null;
        }

        var original = last.Request;
        var origin = HeaderValues.Get(original.Headers, "Origin") ?? request.Origin.Serialized;
        var method = HeaderValues.Get(original.Headers, "Access-Control-Request-Method") ?? "GET";
        var names = Split(HeaderValues.Get(original.Headers, "Access-Control-Request-Headers"));
        var probes = new List<PreflightProbe>();

        async Task<bool?> Probe(string purpose, string probeMethod, IReadOnlyList<string> probeNames)
        {
            var outgoing = onWire(original with { Headers = Rewrite(original.Headers, probeMethod, probeNames) });
            IncomingResponse? response;
            try
            {
                response = await send(outgoing, cancellationToken).ConfigureAwait(false);
            }
            catch (TransportException)
            {
                probes.Add(new PreflightProbe(purpose, outgoing, null, false));
                return null;
            }

            var accepted = model.JudgePreflight(response, origin, request.Credentials, probeMethod, probeNames) is null;
            probes.Add(new PreflightProbe(purpose, outgoing, response, accepted));
            return accepted;
        }

        var refusal = new PreflightRefusal { Url = original.Url, Status = denied.Status, Body = denied.Body };
        // 1. The barest preflight: a safelisted method and no request headers. Refused: the origin (or OPTIONS routing)
        // is the problem, and the browser's report is the whole story.
        var bare = method == "GET" && names.Count == 0 ? false : await Probe("Is the origin allowed at all? (GET, no request headers)", "GET", []).ConfigureAwait(false);
        if (bare != true)
        {
            return bare is null ? new PreflightDiagnosis(refusal, probes) : new PreflightDiagnosis(refusal with { OriginRefused = true }, probes);
        }

        // 2. The method alone (Starlette checks even POST against allow_methods, so only GET is skipped).
        string? refusedMethod = null;
        if (method != "GET")
        {
            var alone = await Probe($"Is the method {method} allowed? (no request headers)", method, []).ConfigureAwait(false);
            if (alone is null)
            {
                return new PreflightDiagnosis(refusal, probes);
            }

            refusedMethod = alone == true ? null : method;
        }

        // 3. Each request header alone, with the method when it is allowed (else GET, so the method cannot hide it).
        var withMethod = refusedMethod is null ? method : "GET";
        var refusedHeaders = new List<string>();
        foreach (var name in names.Take(MaxHeaderProbes))
        {
            var one = await Probe($"Is the request header {name} allowed? ({withMethod})", withMethod, [name]).ConfigureAwait(false);
            if (one is null)
            {
                break;
            }

            if (one == false)
            {
                refusedHeaders.Add(name);
            }
        }

        var accepted = probes.Where(p => p.Accepted && p.Response is not null).Select(p => p.Response!).ToList();
        return new PreflightDiagnosis(refusal with
        {
            RefusedMethod = refusedMethod,
            RefusedHeaders = refusedHeaders,
            AllowedHeaders = [.. accepted.SelectMany(r => Split(HeaderValues.Get(r.Headers, "Access-Control-Allow-Headers"))).Select(n => n.ToLowerInvariant()).Distinct(StringComparer.Ordinal)],
            AllowedMethods = [.. accepted.SelectMany(r => Split(HeaderValues.Get(r.Headers, "Access-Control-Allow-Methods"))).Distinct(StringComparer.Ordinal)],
        }, probes);
    }

    /// <summary>The preflight's header lines with Access-Control-Request-Method and -Headers replaced in place (the
    /// headers line dropped when there are no names), every other line as the browser sent it.</summary>
    private static List<HttpHeader> Rewrite(IReadOnlyList<HttpHeader> headers, string method, IReadOnlyList<string> names)
    {
        var list = new List<HttpHeader>(headers.Count + 1);
        foreach (var h in headers)
        {
            if (h.Name.Equals("Access-Control-Request-Method", StringComparison.OrdinalIgnoreCase))
            {
                list.Add(new HttpHeader(h.Name, method));
                if (names.Count > 0 && HeaderValues.Get(headers, "Access-Control-Request-Headers") is null)
                {
                    list.Add(new HttpHeader("Access-Control-Request-Headers", string.Join(',', names)));
                }
            }
            else if (h.Name.Equals("Access-Control-Request-Headers", StringComparison.OrdinalIgnoreCase))
            {
                if (names.Count > 0)
                {
                    list.Add(new HttpHeader(h.Name, string.Join(',', names)));
                }
            }
            else
            {
                list.Add(h);
            }
        }

        return list;
    }

    // The Access-Control-* lists are comma-separated tokens (Fetch §3.2.3); an unparseable list names nothing.
    private static IReadOnlyList<string> Split(string? list)
        => FetchRules.TryParseTokenList(list, BrowserProfile.Chromium, out var tokens) ? tokens : [];
}
