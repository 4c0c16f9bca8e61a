using CorsKit.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;

namespace CorsKit.Gateway.Infrastructure;

/// <summary>
/// On a CorsKit route the proxy is the one CORS authority: the upstream's <c>Access-Control-*</c> response headers are
/// removed and CorsKit's, written before forwarding, stay. Two <c>Access-Control-Allow-Origin</c> values fail the CORS
/// check in every browser (Fetch §4.10; dotnet/yarp#2188), and an upstream that reflects any origin with credentials
/// must not reach the page. <c>Vary</c> is merged into one line, CorsKit's tokens first, without repeats.
/// </summary>
internal static class UpstreamCorsHeaders
{
    private const string Prefix = "Access-Control-";

    public static ValueTask Remove(ResponseTransformContext context)
    {
        if (context.ProxyResponse is not { } upstream || !context.HeadersCopied || IsReportOnly(context.HttpContext))
        {
            // Report-only: CorsKit only observes, so the upstream's own CORS stays in force, as before CorsKit.
            return default;
        }
        var headers = context.HttpContext.Response.Headers;
        foreach (var (name, values) in upstream.Headers.NonValidated)
        {
            if (name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                // YARP appends the upstream's values after any already present (HttpTransformer.CopyResponseHeaders:
                // "We want to append to any prior values"), so CorsKit's are the first ones.
                var current = headers[name];
                var kept = current.Count - values.Count;
                if (kept > 0)
                {
                    headers[name] = new StringValues(current.ToArray()[..kept]);
                }
                else
                {
                    headers.Remove(name);
                }
            }
            else if (name.Equals(HeaderNames.Vary, StringComparison.OrdinalIgnoreCase))
            {
                headers.Vary = MergeTokens(headers.Vary);
            }
        }
        return default;
    }

    private static bool IsReportOnly(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<ICorsKitPolicyMetadata>() switch
        {
            CorsKitPolicyMetadata carried => carried.Policy.IsReportOnly,
            { } named => context.RequestServices.GetService<IOptionsMonitor<CorsKitOptions>>()?.CurrentValue.Policies.GetValueOrDefault(named.PolicyName)?.ReportOnly == true,
            _ => false,
        };

    /// <summary>The comma-separated tokens of every line (RFC 9110 §5.6.1, §12.5.5), case-insensitively distinct, as one line.</summary>
    private static StringValues MergeTokens(StringValues lines)
    {
        if (lines.Count <= 1)
        {
            return lines;
        }
        var tokens = new List<string>();
        foreach (var line in lines)
        {
            foreach (var token in (line ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!tokens.Contains(token, StringComparer.OrdinalIgnoreCase))
                {
                    tokens.Add(token);
                }
            }
        }
        return string.Join(", ", tokens);
    }
}
