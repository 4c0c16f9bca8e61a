using CorsKit.Diagnostics.Fixes;
using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Tests.Diagnostics.Fixes;

/// <summary>The stack a response points to (<see cref="StackDetector"/>), from the defaults each stack's source sends;
/// check's use of it against live servers is CheckFixStackTests in the CLI tests.</summary>
public sealed class StackDetectorTests
{
    public static TheoryData<string, string, string?, string> Fingerprints => new()
    {
        // express/lib/application.js: app.enabled('x-powered-by') → X-Powered-By: Express.
        { "X-Powered-By", "Express", null, "express" },
        { "Server", "nginx/1.22.1", null, "nginx" },
        // Werkzeug's serving.py WSGIRequestHandler.version_string: "Werkzeug/<version> Python/<version>".
        { "Server", "Werkzeug/2.2.2 Python/3.11.2", null, "flask" },
        // wsgiref.simple_server.WSGIServer, which Django's runserver uses: "WSGIServer/0.2 CPython/3.11.2".
        { "Server", "WSGIServer/0.2 CPython/3.11.2", null, "django" },
        { "Server", "uvicorn", null, "starlette" },
        // Spring DefaultCorsProcessor.rejectRequest: "Invalid CORS request".
        { "Content-Type", "text/plain", "Invalid CORS request", "spring" },
    };

    [Theory]
    [MemberData(nameof(Fingerprints))]
    public void Stack_fingerprints(string name, string value, string? body, string expected)
    {
        var response = new IncomingResponse { Status = 403, Headers = [new HttpHeader(name, value)], Body = body };
        Assert.Equal(expected, StackDetector.Detect([response]) is { } stack ? StackDetector.Name(stack) : null);
    }

    [Fact]
    public void Nothing_recognisable_is_no_stack()
        => Assert.Null(StackDetector.Detect([new IncomingResponse { Status = 200, Headers = [new HttpHeader("Content-Type", "application/json")] }]));
}
