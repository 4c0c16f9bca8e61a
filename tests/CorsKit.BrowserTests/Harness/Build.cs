namespace CorsKit.BrowserTests.Harness;

/// <summary>Small constructors that keep hand-written scenarios readable.</summary>
public static class Build
{
    /// <summary>The custom response header every scenario tries to read.</summary>
    public const string ReadHeader = "X-Corskit-Read";

    /// <summary>A header line.</summary>
    public static Line H(string name, string value) => new(name, value);

    /// <summary><c>Access-Control-Allow-Origin</c>.</summary>
    public static Line Acao(string value = "{page}") => new("Access-Control-Allow-Origin", value);

    /// <summary><c>Access-Control-Allow-Credentials</c>.</summary>
    public static Line Acac(string value = "true") => new("Access-Control-Allow-Credentials", value);

    /// <summary><c>Access-Control-Allow-Methods</c>.</summary>
    public static Line Acam(string value) => new("Access-Control-Allow-Methods", value);

    /// <summary><c>Access-Control-Allow-Headers</c>.</summary>
    public static Line Acah(string value) => new("Access-Control-Allow-Headers", value);

    /// <summary><c>Access-Control-Expose-Headers</c>.</summary>
    public static Line Aceh(string value) => new("Access-Control-Expose-Headers", value);

    /// <summary><c>Access-Control-Max-Age</c>.</summary>
    public static Line MaxAge(string value) => new("Access-Control-Max-Age", value);

    /// <summary>A response.</summary>
    public static ResponseSpec R(int status, params Line[] headers) => new(status, headers);

    /// <summary>A redirect to hop <paramref name="hop"/>.</summary>
    public static ResponseSpec Redirect(int status, int hop, bool userInfo = false, params Line[] headers) =>
        new(status, headers, new LocationSpec(hop, userInfo));

    /// <summary>An actual response that allows the page (non-credentialed) and carries the read header.</summary>
    public static ResponseSpec Ok(params Line[] extra) => new(200, [Acao(), H(ReadHeader, "1"), .. extra]);

    /// <summary>A hop on <paramref name="site"/>.</summary>
    public static Hop Hop(Site site, ResponseSpec preflight, ResponseSpec actual) => new(site, preflight, actual);

    /// <summary>A hop on the API origin whose preflight allows nothing in particular.</summary>
    public static Hop Hop(ResponseSpec actual, ResponseSpec? preflight = null) =>
        new(Site.Api, preflight ?? R(200, Acao()), actual);

    /// <summary>The script's request.</summary>
    public static ScenarioRequest Req(string method = "GET", string credentials = "same-origin", string? body = null, params Line[] headers) =>
        new(method, headers, credentials, body);

    /// <summary>A named scenario (ids are assigned by the caller).</summary>
    public static Scenario Named(string name, ScenarioRequest request, params Hop[] hops) =>
        new(0, name, request, hops, ReadHeader);
}
