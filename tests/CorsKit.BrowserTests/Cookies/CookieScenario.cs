namespace CorsKit.BrowserTests.Cookies;

/// <summary>How the API the page reads from relates to the page <c>http://app.site-a.localhost:P</c>.</summary>
public enum SiteRelation
{
    /// <summary>The API is the page's own origin.</summary>
    SameOrigin,

    /// <summary><c>api.site-a.localhost</c>: another origin of the page's site (registrable domain <c>site-a.localhost</c>).</summary>
    SameSite,

    /// <summary><c>api.site-b.localhost</c>: another site.</summary>
    CrossSite,
}

/// <summary>How the cookie reaches the browser.</summary>
public enum CookieSetter
{
    /// <summary>A top-level navigation to the setting host answers with <c>Set-Cookie</c> (first-party response).</summary>
    Navigation,

    /// <summary>The page's <c>fetch(url, {credentials: "include"})</c> to the setting host; the response carries
    /// <c>Set-Cookie</c> and allows the credentialed CORS request.</summary>
    FetchInclude,

    /// <summary>As <see cref="FetchInclude"/> with <c>credentials: "omit"</c> (Fetch §4.6: the response's cookies are
    /// not stored).</summary>
    FetchOmit,
}

/// <summary>The credentials mode of the page's reading <c>fetch()</c>.</summary>
public enum ReadCredentials
{
    /// <summary><c>credentials: "include"</c>.</summary>
    Include,

    /// <summary><c>credentials: "same-origin"</c> (the fetch default).</summary>
    SameOrigin,

    /// <summary><c>credentials: "omit"</c>.</summary>
    Omit,
}

/// <summary>
/// One cookie scenario: a response sets cookie <c>ck{Id}=v{Id}</c> with <see cref="Attributes"/>, then the page on
/// <c>app.site-a.localhost</c> reads <c>/k/{Id}/r/read</c> on the API host with a GET <c>fetch()</c>. Every
/// scenario lives under its own path <c>/k/{Id}/</c>: a cookie without <c>Path</c> set by <c>/k/{Id}/set</c> gets the
/// default path <c>/k/{Id}</c> (RFC 6265bis §5.1.4), so scenarios never see each other's cookies.
/// </summary>
/// <param name="Name">Stable scenario name (unique within a relation).</param>
/// <param name="Relation">Page/API relation.</param>
/// <param name="Setter">How the cookie is set.</param>
/// <param name="Attributes">The attributes after <c>ck{Id}=v{Id}</c>, each starting with <c>; </c>; <c>{id}</c> is
/// replaced by the scenario id.</param>
/// <param name="Credentials">The reading fetch's credentials mode.</param>
/// <param name="SetOnLoginHost">Set by <c>login.&lt;api site&gt;</c> instead of the API host (host-only vs
/// <c>Domain</c>).</param>
/// <param name="ProbeDirectory">The directory under <c>/k/{Id}/</c> that the first-party probe reads (<c>r</c>,
/// or the cookie's own path when it does not cover the read URL).</param>
public sealed record CookieScenario(
    string Name, SiteRelation Relation, CookieSetter Setter, string Attributes,
    ReadCredentials Credentials = ReadCredentials.Include, bool SetOnLoginHost = false, string ProbeDirectory = "r")
{
    /// <summary>The page's host.</summary>
    public const string PageHost = "app.site-a.localhost";

    /// <summary>Position in the run (assigned by <see cref="CookieScenarios.All"/>).</summary>
    public int Id { get; init; }

    /// <summary>The cookie's name.</summary>
    public string CookieName => $"ck{Id}";

    /// <summary>The <c>Cookie</c> header a browser sends when it attaches this scenario's cookie.</summary>
    public string CookiePair => $"ck{Id}=v{Id}";

    /// <summary>The <c>Set-Cookie</c> value the setting response carries.</summary>
    public string SetCookie => CookiePair + Attributes.Replace("{id}", Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>The registrable domain of the API host.</summary>
    public string ApiSite => Relation == SiteRelation.CrossSite ? "site-b.localhost" : "site-a.localhost";

    /// <summary>The host the page reads from.</summary>
    public string ApiHost => Relation switch
    {
        SiteRelation.SameOrigin => PageHost,
        SiteRelation.SameSite => "api.site-a.localhost",
        _ => "api.site-b.localhost",
    };

    /// <summary>The host whose response sets the cookie.</summary>
    public string SetHost => SetOnLoginHost ? "login." + ApiSite : ApiHost;

    /// <summary>Path of the setting response.</summary>
    public string SetPath => $"/k/{Id}/set";

    /// <summary>Path of the page's reading fetch.</summary>
    public string ReadPath => $"/k/{Id}/r/read";

    /// <summary>Path of the first-party probe made from a top-level page on <see cref="SetHost"/>.</summary>
    public string ProbePath => $"/k/{Id}/{ProbeDirectory}/probe";

    /// <summary>A readable key, e.g. <c>cross-site/nav/lax</c>.</summary>
    public string Key => $"{RelationName(Relation)}/{Name}";

    /// <summary>The relation as written in tables.</summary>
    public static string RelationName(SiteRelation relation) => relation switch
    {
        SiteRelation.SameOrigin => "same-origin",
        SiteRelation.SameSite => "same-site",
        _ => "cross-site",
    };
}
