using CorsKit.Origins;

namespace CorsKit.Model;

/// <summary>
/// Thrown by a <see cref="CorsTransport"/> instead of sending a request that Chromium's Local Network Access gate
/// (WICG local-network-access; Chromium 142+) stops: the target is in a more private address space than the page may
/// reach without the user's permission. The model reports it as Chromium does, a CORS error naming the target's space
/// on the hop where it happened: <see cref="ChromiumCorsError.LocalNetworkAccessPermissionDenied"/>, or
/// <see cref="ChromiumCorsError.InsecureLocalNetwork"/> when the page is not a secure context and cannot even ask.
/// </summary>
public sealed class LocalNetworkAccessException(AddressSpace target, bool secureContext, string message) : Exception(message)
{
    /// <summary>The address space the request would have entered.</summary>
    public AddressSpace Target { get; } = target;

    /// <summary>False when the page is not a secure context (LNA: only secure contexts may request the permission).</summary>
    public bool SecureContext { get; } = secureContext;
}
