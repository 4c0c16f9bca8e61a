using System.Collections.Concurrent;
using CorsKit.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.AspNetCore.Tests;

/// <summary>A WebApplication on TestHost with CorsKit, capturing log events.</summary>
internal sealed class TestApp : IAsyncDisposable
{
    private TestApp(WebApplication app, LogSink logs, ConcurrentQueue<ICorsKitDecisionFeature> decisions)
    {
        App = app;
        Logs = logs;
        Decisions = decisions;
        Client = app.GetTestClient();
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public LogSink Logs { get; }

    /// <summary>The <see cref="ICorsKitDecisionFeature"/> of every request, read when its response starts (default
    /// pipeline only).</summary>
    public ConcurrentQueue<ICorsKitDecisionFeature> Decisions { get; }

    public static async Task<TestApp> StartAsync(
        Action<CorsKitOptions>? configure,
        Action<WebApplication> map,
        Action<WebApplication>? pipeline = null,
        Action<IConfigurationBuilder>? configuration = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseTestServer();
        configuration?.Invoke(builder.Configuration);
        var logs = new LogSink();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        // Decisions are published so tests can read them (Decisions); DenialTests checks the default (off) too.
        builder.Services.AddCorsKit(o =>
        {
            o.PublishDecision = true;
            configure?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();
        var decisions = new ConcurrentQueue<ICorsKitDecisionFeature>();
        if (pipeline is null)
        {
            // Outermost, so it sees preflights too (CorsKit answers them without calling the rest of the pipeline).
            app.Use((context, next) =>
            {
                context.Response.OnStarting(() =>
                {
                    if (context.Features.Get<ICorsKitDecisionFeature>() is { } decision)
                    {
                        decisions.Enqueue(decision);
                    }
                    return Task.CompletedTask;
                });
                return next(context);
            });
            app.UseRouting();
            app.UseCorsKit();
        }
        else
        {
            pipeline(app);
        }
        map(app);
        await app.StartAsync();
        return new TestApp(app, logs, decisions);
    }

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> PreflightAsync(string path, string origin, string method, string? headers = null)
    {
        var h = new List<(string, string)> { ("Origin", origin), ("Access-Control-Request-Method", method) };
        if (headers is not null)
        {
            h.Add(("Access-Control-Request-Headers", headers));
        }
        return SendAsync(HttpMethod.Options, path, [.. h]);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>Collects log events (id, level, message).</summary>
internal sealed class LogSink : ILoggerProvider
{
    public ConcurrentQueue<(int Id, LogLevel Level, string Category, string Message)> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            sink.Events.Enqueue((eventId.Id, logLevel, category, formatter(state, exception)));
    }
}

internal static class ResponseExtensions
{
    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) ? string.Join(", ", v)
        : response.Content.Headers.TryGetValues(name, out var c) ? string.Join(", ", c) : null;

    public static string[] HeaderLines(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var v) ? [.. v] : [];
}
