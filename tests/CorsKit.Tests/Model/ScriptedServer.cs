using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Tests.Model;

/// <summary>A manual clock for the preflight cache.</summary>
internal sealed class ManualClock : TimeProvider
{
    public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public void Advance(TimeSpan by) => Now += by;

    public override DateTimeOffset GetUtcNow() => Now;
}

/// <summary>
/// A server as a function of the request, used as the model's transport: the model's input is "what the server
/// answers", so each test states the responses it is about. Records every request the model sent.
/// </summary>
internal sealed class ScriptedServer(Func<OutgoingRequest, IncomingResponse> respond)
{
    public List<OutgoingRequest> Requests { get; } = [];

    public Task<IncomingResponse> Transport(OutgoingRequest request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        return Task.FromResult(respond(request));
    }

    public int Preflights => Requests.Count(r => r.Method == "OPTIONS");

    public static IncomingResponse Respond(int status, params HttpHeader[] headers) => new() { Status = status, Headers = headers };

    public static string? Header(OutgoingRequest request, string name)
        => request.Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}
