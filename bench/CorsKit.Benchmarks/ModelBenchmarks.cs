using BenchmarkDotNet.Attributes;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Benchmarks;

/// <summary>
/// The browser model's hot paths. <see cref="NeedsPreflight"/> must allocate nothing (MemoryDiagnoser shows 0 B);
/// the others allocate what they return.
/// Run: dotnet run -c Release --project bench/CorsKit.Benchmarks -- --filter '*ModelBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class ModelBenchmarks
{
    private readonly HttpHeader[] _headers =
    [
        new("Accept", "application/json"),
        new("Content-Type", "text/plain;charset=UTF-8"),
        new("Range", "bytes=0-1023"),
        new("X-Requested-With", "XMLHttpRequest"),
    ];

    private readonly HttpHeader[] _simpleHeaders = [new("Accept", "*/*"), new("Content-Type", "multipart/form-data; boundary=x"), new("Accept-Language", "en-US,en;q=0.9")];

    private readonly HttpHeader[] _response =
    [
        new("Access-Control-Allow-Origin", "https://app.example"),
        new("Access-Control-Allow-Credentials", "true"),
        new("Access-Control-Expose-Headers", "X-Request-Id, ETag"),
        new("Content-Type", "application/json"),
        new("X-Request-Id", "1"),
        new("ETag", "\"abc\""),
    ];

    private readonly BrowserModel _model = new(BrowserProfile.Chromium);
    private CorsRequest _request = null!;

    [GlobalSetup]
    public void Setup() => _request = new CorsRequest
    {
        Origin = Origin.Parse("https://app.example"),
        Url = new Uri("https://api.example/v1/items"),
        Method = "put",
        Headers = _headers,
        Credentials = CredentialsMode.Include,
    };

    /// <summary>The zero-allocation preflight decision (unsafe header found on the 4th line).</summary>
    [Benchmark]
    public bool NeedsPreflight() => FetchRules.NeedsPreflight("GET", _headers, BrowserProfile.Chromium);

    /// <summary>The zero-allocation decision when every header is safelisted (scans everything).</summary>
    [Benchmark]
    public bool NeedsPreflightSimple() => FetchRules.NeedsPreflight("POST", _simpleHeaders, BrowserProfile.Chromium);

    /// <summary>Full classification (builds the header list and the sorted unsafe-name set).</summary>
    [Benchmark]
    public RequestClassification Classify() => _model.Classify(_request);

    /// <summary>The CORS check on a credentialed response.</summary>
    [Benchmark]
    public CorsCheckResult CorsCheckCredentialed() => CorsCheck.Check("https://app.example", CredentialsMode.Include, _response);

    /// <summary>Origin parsing and canonicalisation.</summary>
    [Benchmark]
    public Origin? OriginParse() => Origin.TryParse("HTTPS://App.Example:443/path?q", out var o) ? o : null;
}
