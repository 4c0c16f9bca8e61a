using System.Net;
using CorsKit.AspNetCore;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;

namespace CorsKit.AspNetCore.Tests;

/// <summary>
/// Endpoint metadata that carries a compiled policy (<see cref="CorsKitPolicyMetadata"/>, issue 15): the middleware
/// applies it as is, although no policy of that name is configured, and a configured policy of the same name does not
/// replace it (a gateway's routes carry their own policies; nothing is registered under generated names).
/// </summary>
public sealed class CompiledPolicyMetadataTests
{
    private const string App = "https://app.example.com";
    private const string Other = "https://other.example.com";

    [Fact]
    public async Task Endpoint_with_a_compiled_policy_uses_it_without_any_configured_policy()
    {
        var compiled = CorsPolicy.Build(new CorsPolicyOptions { Origins = [App], Methods = ["PUT"] });
        await using var app = await TestApp.StartAsync(
            o => o.AddPolicy("route", new CorsPolicyOptions { Origins = [Other] }),
            web => web.MapMethods("/items", ["GET", "PUT"], () => "items").RequireCorsKit("route", compiled));

        using var preflight = await app.PreflightAsync("/items", App, "PUT");
        using var actual = await app.SendAsync(HttpMethod.Get, "/items", ("Origin", App));
        using var configured = await app.SendAsync(HttpMethod.Get, "/items", ("Origin", Other));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(App, preflight.Header("Access-Control-Allow-Origin"));
        Assert.Equal("PUT", preflight.Header("Access-Control-Allow-Methods"));
        Assert.Equal(App, actual.Header("Access-Control-Allow-Origin"));
        Assert.Null(configured.Header("Access-Control-Allow-Origin"));
    }
}
