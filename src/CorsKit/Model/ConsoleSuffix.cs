namespace CorsKit.Model;

/// <summary>Which initiator-specific sentence Chromium appends to a detail (cors_error_string.cc).</summary>
internal enum ConsoleSuffix
{
    /// <summary>Nothing appended.</summary>
    None,
    /// <summary>Appended for <c>fetch()</c> only: "Have the server send the header with a valid value."</summary>
    Fetch,
    /// <summary>Appended for XMLHttpRequest only: the withCredentials sentence.</summary>
    Xhr,
}
