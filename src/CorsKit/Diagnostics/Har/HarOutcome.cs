using CorsKit.Model;

namespace CorsKit.Diagnostics.Har;

/// <summary>The model's verdict on a recorded request under one credentials mode.</summary>
public sealed record HarOutcome(CredentialsMode Credentials, CorsVerdict Verdict)
{
    /// <summary>True when the browser blocks the response.</summary>
    public bool Blocked => !Verdict.Allowed;

    /// <summary>Chromium's CorsError, or null (allowed, or a failure that is not a CORS error).</summary>
    public ChromiumCorsError? Code => Verdict.Failure?.Code;
}
