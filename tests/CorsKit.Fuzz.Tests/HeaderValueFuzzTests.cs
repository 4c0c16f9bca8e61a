using CorsKit.AspNetCore.Infrastructure;
using CorsKit.Fetch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CorsKit.Fuzz.Tests;

/// <summary>
/// Header values on both sides. Server: <c>Origin</c>, <c>Access-Control-Request-Method</c> and
/// <c>-Request-Headers</c> through the policy engine and the middleware's header writer, and an application's
/// <c>Vary</c> merged with CorsKit's; whatever is written must be a value Kestrel accepts (issue 10 item 7: a refused
/// value is a 500 without CORS). Browser model: <c>Access-Control-Allow-Origin</c>/<c>-Credentials</c> (CORS check),
/// <c>-Allow-Methods</c>/<c>-Allow-Headers</c>/<c>-Max-Age</c> (preflight) and <c>-Expose-Headers</c>.
/// </summary>
public sealed class HeaderValueFuzzTests(ITestOutputHelper output)
{
    internal static readonly string[] Seeds =
    [
        "https://app.example.com", "https://a.tenant.example.com", "http://localhost:3000", "null", "*", "PUT", "patch", "GET",
        "content-type,x-api-key", "X-Api-Key, Content-Type", "authorization", "Origin, Accept-Encoding", "Origin", "true", "TRUE",
        "600", "-1", "7200.5", "x-request-id, *", "text/plain", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers",
    ];

    internal static readonly string[] Tokens =
    [
        ",", ", ", ",,", " ", "\t", ";", "=", "\"", "*", "Origin", "Vary", "Access-Control-Request-Headers", "authorization",
        "https://", "://", "\r\n", "\u043f", "\u00e9", "\u202e", "\0", new string(',', 64), "x-a,x-b,x-c,x-d,x-e,x-f,x-g,x-h",
    ];

    private static readonly CorsPolicy Listed = CorsPolicy.Build(new CorsPolicyOptions
    {
        Origins = ["https://app.example.com", "https://*.tenant.example.com", "http://localhost:*"],
        Methods = ["PUT", "patch"],
        RequestHeaders = ["X-Api-Key", "Content-Type"],
        ExposeHeaders = ["X-Request-Id"],
        Credentials = true,
        MaxAge = 600,
        PrivateNetwork = true,
    });

    private static readonly CorsPolicy Any = CorsPolicy.Build(new CorsPolicyOptions
    {
        Origins = ["*"], Methods = ["*"], RequestHeaders = ["*"], ExposeHeaders = ["*"],
    });

    private static readonly BrowserProfile[] Profiles = [BrowserProfile.Chromium, BrowserProfile.Firefox, BrowserProfile.Safari];

    [Fact]
    public void Server_side_header_values_never_throw_and_write_only_what_kestrel_accepts() =>
        FuzzRun.Sync(output, "header-values-server", 10_000, Seeds, Tokens, FuzzRun.Documented(), InputSource.Api, static input =>
        {
            foreach (var policy in (CorsPolicy[])[Listed, Any])
            {
                WriteAndCheck(policy.EvaluatePreflight(input, "PUT", "x-api-key"), "x-api-key");
                WriteAndCheck(policy.EvaluatePreflight("https://app.example.com", input, (string?)null, input), StringValues.Empty);
                WriteAndCheck(policy.EvaluatePreflight("https://app.example.com", "PUT", input), input);
                string?[] lines = ["x-api-key", input, input];
                WriteAndCheck(policy.EvaluatePreflight("https://app.example.com", "PUT", lines), new StringValues(lines));
                var actual = policy.EvaluateActual(input);
                var headers = new HeaderDictionary { ["Vary"] = input };
                ResponseHeaders.ApplyActual(headers, actual);
                _ = ResponseHeaders.VaryIsUntouched(headers, CorsPolicy.VaryOrigin);
                ResponseHeaders.AddVary(headers, CorsPolicy.VaryOrigin);
                AssertKestrelAccepts(headers, except: "Vary"); // the application's own Vary value is its business
            }
        });

    private static void WriteAndCheck(CorsResult result, StringValues requestHeaders)
    {
        var headers = new HeaderDictionary();
        if (result.IsDenied && !result.IsExplainedDenial || result.Kind != CorsRequestKind.Preflight)
        {
            ResponseHeaders.ApplyActual(headers, default);
        }
        else
        {
            ResponseHeaders.ApplyPreflight(headers, result, requestHeaders);
        }
        AssertKestrelAccepts(headers, except: null);
    }

    /// <summary>Kestrel's response header check (HttpHeaders.ValidateHeaderValueCharacters, default encoding): visible
    /// ASCII, space and tab only.</summary>
    private static void AssertKestrelAccepts(IHeaderDictionary headers, string? except)
    {
        foreach (var (name, values) in headers)
        {
            if (name == except)
            {
                continue;
            }
            foreach (var value in values)
            {
                Assert.True(value is not null && value.All(static c => c is '\t' or (>= ' ' and < '\u007f')), $"{name}: '{value}' would make Kestrel answer 500");
            }
        }
    }

    [Fact]
    public void Browser_model_header_parsers_never_throw() =>
        FuzzRun.Sync(output, "header-values-model", 10_000, Seeds, Tokens, FuzzRun.Documented(), InputSource.Api, static input =>
        {
            // One browser profile and credentials mode per input (by its length), so the allocation budget covers one
            // pass of each parser; over many inputs every combination is exercised.
            var profile = Profiles[input.Length % Profiles.Length];
            var credentials = input.Length / Profiles.Length % 2 == 0 ? CredentialsMode.Omit : CredentialsMode.Include;
            if (FetchRules.TryParseTokenList(input, profile, out var tokens))
            {
                Assert.All(tokens, static t => Assert.True(FetchRules.IsToken(t)));
            }
            _ = CorsCheck.Check("https://app.example.com", credentials, [new("Access-Control-Allow-Origin", input), new("Access-Control-Allow-Credentials", "true")]);
            _ = CorsCheck.Check(input, credentials, [new("Access-Control-Allow-Origin", "https://app.example.com"), new("Access-Control-Allow-Credentials", input)]);
            var preflight = new IncomingResponse
            {
                Status = 204,
                Headers =
                [
                    new("Access-Control-Allow-Origin", "https://app.example.com"), new("Access-Control-Allow-Credentials", "true"),
                    new("Access-Control-Allow-Methods", input), new("Access-Control-Allow-Headers", input), new("Access-Control-Max-Age", input),
                ],
            };
            _ = PreflightEvaluator.Evaluate(preflight, "https://app.example.com", credentials, "PUT", ["x-api-key"], profile);
            _ = PreflightEvaluator.MaxAge(preflight.Headers, profile);
            var response = new IncomingResponse { Status = 200, Headers = [new("Access-Control-Expose-Headers", input), new("X-A", "1")] };
            _ = new BrowserModel(profile).ReadableHeaders(response, credentials);
        });
}
