using CorsKit.Policy.Infrastructure;

namespace CorsKit.Origins;

public sealed partial class Origin
{
    /// <summary>
    /// W3C Secure Contexts §3.2 "Is origin potentially trustworthy?": https and wss, a loopback host (127.0.0.0/8, ::1)
    /// or a localhost name (the policy's loopback rule). A page on such an origin is a secure context; only those may ask
    /// for the Local Network Access permission, and only those may send credentials to a CorsKit policy without
    /// <c>DangerouslyAllowInsecureOriginsWithCredentials</c>.
    /// </summary>
    public bool IsPotentiallyTrustworthy => Scheme is "https" or "wss" || (!IsOpaque && OriginPattern.IsLoopbackHost(Host));
}
