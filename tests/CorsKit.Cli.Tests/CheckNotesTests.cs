using CorsKit.Cli.Tests.CheckSupport;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;

namespace CorsKit.Cli.Tests;

/// <summary>Issue 12 item 12: check says what its verdict cannot: an echoed origin, a cookie the credentials mode left out.</summary>
public sealed class CheckNotesTests
{
    private const string Page = "https://app.example";

    [Fact]
    public async Task An_allowed_origin_that_came_back_as_the_pages_own_suggests_audit()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204), new Reply(200, ("Access-Control-Allow-Origin", "{origin}")));
        await using var star = await LoopbackServer.StartAsync(new Reply(204), new Reply(200, ("Access-Control-Allow-Origin", "*")));

        var echoed = await RunAsync("check", api.Origin + "/", "--origin", Page);
        var wildcard = await RunAsync("check", star.Origin + "/", "--origin", Page);

        Assert.Equal(0, echoed.ExitCode);
        Assert.Contains($"Note: the server answered Access-Control-Allow-Origin: {Page}, the page's own origin. From one request an exact allow-list and a server that echoes every origin (which lets any site read this) look the same; run 'corskit audit {api.Origin}/ --trusted-origin {Page}' to tell them apart.", echoed.Out, StringComparison.Ordinal);
        Assert.Equal(0, wildcard.ExitCode);
        Assert.DoesNotContain("Note:", wildcard.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cookie_left_out_by_the_credentials_mode_is_named()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204), new Reply(200, ("Access-Control-Allow-Origin", "*")));

        var byDefault = await RunAsync("check", api.Origin + "/", "--origin", Page, "--cookie", "sid=1", "--format", "json");
        var omitted = await RunAsync("check", api.Origin + "/", "--origin", Page, "--cookie", "sid=1", "--credentials", "omit");
        var included = await RunAsync("check", api.Origin + "/", "--origin", Page, "--cookie", "sid=1", "--credentials", "include", "--format", "json");

        Assert.Equal(["--cookie was not sent: with --credentials same-origin (fetch()'s default) a cross-origin request carries no cookies; use --credentials include, as the page's fetch() must for cookies to go along."],
            Strings(byDefault.Json.GetProperty("notes")));
        Assert.Contains("Note: --cookie was not sent: with --credentials omit, fetch() sends no cookies; use --credentials include to send them.", omitted.Out, StringComparison.Ordinal);
        Assert.Empty(Strings(included.Json.GetProperty("notes")));
        // What the server saw agrees: only the credentialed request carried the cookie.
        Assert.Equal([null, null, "sid=1"], api.Seen.Select(r => r.Header("Cookie")));
    }
}
