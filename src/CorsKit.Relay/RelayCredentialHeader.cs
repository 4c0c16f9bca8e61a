namespace CorsKit.Relay;

/// <summary>The request headers that carry a user's credentials, dropped by the relay unless named in
/// <see cref="RelayOptions.ForwardedCredentials"/>. A relay shares one origin among every API it reaches, so a cookie
/// or token sent to it is one the user meant for a single API (cors-anywhere #55).</summary>
public enum RelayCredentialHeader
{
    /// <summary><c>Cookie</c> (RFC 6265 §5.4).</summary>
    Cookie,

    /// <summary><c>Authorization</c> (RFC 9110 §11.6.2).</summary>
    Authorization,
}
