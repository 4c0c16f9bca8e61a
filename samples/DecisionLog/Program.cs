using CorsKit.AspNetCore;
using CorsKit.Policy;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCorsKit(o =>
{
    o.PublishDecision = true;
    o.AddDefaultPolicy(new CorsPolicyOptions { Origins = ["https://app.example.com"], Methods = ["PUT"], RequestHeaders = ["Content-Type"] });
});

var app = builder.Build();
app.Use(async (context, next) =>
{
    await next(context);
    if (context.Features.Get<ICorsKitDecisionFeature>() is { Outcome: CorsKitOutcome.PreflightDenied } d)
    {
        app.Logger.LogInformation("preflight denied: {Reason} {Value} (report-only: {ReportOnly})", d.Reason, d.RejectedValue, d.IsReportOnly);
    }
});
app.UseRouting();
app.UseCorsKit();
app.MapPut("/orders/{id}", (int id) => Results.Ok(new { id }));

app.Run();
