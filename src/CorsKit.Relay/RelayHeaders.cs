using System.Collections.Frozen;

namespace CorsKit.Relay;

/// <summary>Which headers cross the relay, each way.</summary>
internal static class RelayHeaders
{
    /// <summary>
    /// Never sent to a target: hop-by-hop headers (RFC 9110 §7.6.1; Keep-Alive and Proxy-Connection by custom), Host
    /// (the target's authority is sent), Proxy-Authorization (meant for the relay, never a target), the preflight's
    /// request headers, Content-Length (the relay sends the body it read, with its own length) and Expect (the relay
    /// has already read the body, so there is nothing to wait for: RFC 9110 §10.1.1).
    /// </summary>
    private static readonly FrozenSet<string> NeverForwarded = new[]
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Host",
        "Proxy-Authorization", "Access-Control-Request-Method", "Access-Control-Request-Headers",
        "Access-Control-Request-Private-Network", "Content-Length", "Expect",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Never returned to the page: hop-by-hop headers; Set-Cookie (the relay's origin is shared by every API it
    /// reaches, so a cookie one API sets would be sent to all of them: cors-anywhere strips it too); the target's own
    /// CORS headers (the relay's policy answers for the relay, and two Access-Control-Allow-Origin values fail the
    /// CORS check, Fetch §4.9); and headers that would act on the relay's origin rather than the API's (Alt-Svc,
    /// Strict-Transport-Security, Clear-Site-Data).
    /// </summary>
    private static readonly FrozenSet<string> NeverReturned = new[]
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "TE", "Trailer", "Transfer-Encoding",
        "Upgrade", "Set-Cookie", "Set-Cookie2", "Alt-Svc", "Strict-Transport-Security", "Clear-Site-Data",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when a request header <paramref name="name"/> may go to the target, given the credential
    /// headers the operator chose to forward.</summary>
    public static bool Forwards(string name, IReadOnlyList<RelayCredentialHeader> credentials)
    {
        if (NeverForwarded.Contains(name))
        {
            return false;
        }

        if (name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
        {
            return credentials.Contains(RelayCredentialHeader.Cookie);
        }

        return !name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || credentials.Contains(RelayCredentialHeader.Authorization);
    }

    /// <summary>True when a response header <paramref name="name"/> may go back to the page.</summary>
    public static bool Returns(string name) =>
        !NeverReturned.Contains(name) && !name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase);
}
