using CorsKit.Model;

namespace CorsKit.Cli.Http;

/// <summary>
/// The one sentence for a failed TLS handshake, in words rather than .NET's enum names (<c>UntrustedRoot</c>,
/// <c>RemoteCertificateNameMismatch</c>): what is wrong with the certificate and, for a certificate a developer may
/// knowingly use (self-signed, another name, expired), that <c>--insecure</c> accepts it; for a server that speaks plain
/// HTTP on the port, that the URL should say http://.
/// </summary>
internal static class TlsProblem
{
    /// <summary>The transport failure for a handshake with <paramref name="url"/> that threw <paramref name="ex"/>;
    /// <paramref name="plainHttp"/> when the server's first bytes were an HTTP status line (see <see cref="FirstBytesStream"/>).</summary>
    public static TransportException Failure(Uri url, Exception ex, bool plainHttp)
    {
        var authority = url.GetLeftPart(UriPartial.Authority);
        var plain = new UriBuilder(url) { Scheme = Uri.UriSchemeHttp, Port = url.IsDefaultPort ? -1 : url.Port }.Uri.GetLeftPart(UriPartial.Authority);
        if (plainHttp)
        {
            return new TransportException("tls", $"{authority} answered in plain HTTP, not TLS: this port serves http://, so use {plain} instead of {authority}", ex);
        }

        // The detail .NET gives: AuthenticationException's message names the SslPolicyErrors and X509 chain status.
        var detail = ex.Message + " " + ex.InnerException?.Message;
        var certificate = Certificate(detail);
        if (certificate is not null)
        {
            return new TransportException("tls", $"the TLS handshake with {authority} failed: {certificate}; if you trust this server (a local or test one), add --insecure (-k) to accept any certificate", ex);
        }

        if (detail.Contains("EOF", StringComparison.OrdinalIgnoreCase) || detail.Contains("0 bytes", StringComparison.Ordinal)
            || detail.Contains("frame", StringComparison.OrdinalIgnoreCase))
        {
            return new TransportException("tls", $"the TLS handshake with {authority} failed: the server did not answer in TLS (if this port serves plain HTTP, use {plain} instead)", ex);
        }

        return new TransportException("tls", $"the TLS handshake with {authority} failed: {ex.Message.TrimEnd('.')}", ex);
    }

    // The names .NET writes into the handshake exception's message (System.Net.Security SslPolicyErrors,
    // System.Security.Cryptography.X509Certificates X509ChainStatusFlags), each said in words.
    private static string? Certificate(string detail) =>
        detail.Contains("RemoteCertificateNameMismatch", StringComparison.Ordinal) ? "its certificate is for another host name"
        : detail.Contains("NotTimeValid", StringComparison.Ordinal) ? "its certificate has expired or is not valid yet"
        : detail.Contains("UntrustedRoot", StringComparison.Ordinal) || detail.Contains("PartialChain", StringComparison.Ordinal)
            ? "its certificate is not issued by an authority this machine trusts (self-signed, or a development certificate)"
        : detail.Contains("Revoked", StringComparison.Ordinal) ? "its certificate has been revoked"
        : detail.Contains("RemoteCertificateNotAvailable", StringComparison.Ordinal) ? "it sent no certificate"
        : detail.Contains("RemoteCertificateChainErrors", StringComparison.Ordinal) ? "its certificate chain is not valid"
        : null;
}
