namespace CorsKit.Diagnostics.Explain;

/// <summary>Which DevTools "Copy as …" command produced a copied request.</summary>
internal enum CopiedRequestKind
{
    /// <summary>"Copy as cURL (bash)": POSIX quoting, <c>$'…'</c>, <c>\</c> line continuations.</summary>
    CurlBash,

    /// <summary>"Copy as cURL (cmd)": cmd.exe <c>^</c> escapes around MS C runtime <c>\"</c> quoting.</summary>
    CurlCmd,

    /// <summary>"Copy as fetch": <c>fetch(url, {…, mode: "cors", credentials})</c>.</summary>
    Fetch,

    /// <summary>"Copy as fetch (Node.js)": no <c>mode</c>/<c>credentials</c>; cookie and Referer as headers.</summary>
    FetchNode,
}
