using System.Net;
using CorsKit.AspNetCore;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace CorsKit.AspNetCore.Tests;

[ApiController]
[Route("widgets")]
[CorsKit("admin")]
public sealed class WidgetsController : ControllerBase
{
    [HttpPut("{id}")]
    public string Put(int id) => $"put {id}";

    [HttpGet("open")]
    [DisableCorsKit]
    public string Open() => "open";
}

public sealed class ControllerTests
{
    private const string Admin = "https://admin.example.com";

    [Fact]
    public async Task Controller_attribute_selects_the_policy_and_preflights_reach_it()
    {
        await using var t = await TestApp.StartAsync(
            o =>
            {
                o.AddDefaultPolicy(new CorsPolicyOptions { Origins = ["https://app.example.com"] });
                o.AddPolicy("admin", new CorsPolicyOptions { Origins = [Admin], Methods = ["PUT"] });
            },
            app => app.MapControllers(),
            services: s => s.AddControllers().AddApplicationPart(typeof(WidgetsController).Assembly));

        var preflight = await t.PreflightAsync("/widgets/7", Admin, "PUT");
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(Admin, preflight.Header("Access-Control-Allow-Origin"));
        Assert.Equal("PUT", preflight.Header("Access-Control-Allow-Methods"));

        var denied = await t.PreflightAsync("/widgets/7", "https://app.example.com", "PUT");
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        var put = await t.SendAsync(HttpMethod.Put, "/widgets/7", ("Origin", Admin));
        Assert.Equal("put 7", await put.Content.ReadAsStringAsync());
        Assert.Equal(Admin, put.Header("Access-Control-Allow-Origin"));

        var open = await t.SendAsync(HttpMethod.Get, "/widgets/open", ("Origin", Admin));
        Assert.Equal("open", await open.Content.ReadAsStringAsync());
        Assert.Null(open.Header("Access-Control-Allow-Origin"));
    }
}
