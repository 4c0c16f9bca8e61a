namespace CorsKit.Diagnostics.Har;

/// <summary>How the credentials mode of a HAR request was decided (a HAR does not record it).</summary>
public enum HarCredentialsSource
{
    /// <summary>Given by the caller (<c>--credentials</c>).</summary>
    Given,
    /// <summary>The request carried a <c>Cookie</c> header: a cross-origin fetch does so only in mode <c>include</c>
    /// (Fetch §4.6 HTTP-network-or-cache fetch step 8.17, includeCredentials). This wins over a given mode.</summary>
    CookieHeader,
    /// <summary>No Cookie header, but the two modes' verdicts differ and only one matches what the file recorded (the
    /// request failed with <c>_error</c> or no response, or it succeeded): that mode is reported first, both are given.</summary>
    RecordedOutcome,
    /// <summary>Unknowable from the file: both outcomes (<c>omit</c>, then <c>include</c>) are given.</summary>
    Unknown,
}
