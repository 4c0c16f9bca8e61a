using CorsKit.Cli.Http;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Cli.Check;

/// <summary>
/// Chromium's Local Network Access gate (WICG local-network-access; on by default since Chromium 142): a page may reach
/// a more private address space (public → local → loopback) only after the user grants a permission, and only from a
/// secure context, on every request of a fetch, redirect hops included (LNA §3 "Integration with Fetch"). Address
/// spaces come from <see cref="AddressSpaces"/>.
/// <para>
/// For the URL the user asked about, <c>check</c> cannot know the user's answer, so it assumes the permission is granted
/// and warns (<see cref="WarningAsync"/>). A redirect hop into a space more private than both the page and that URL is
/// another matter: the permission granted for the URL does not cover it, and a tool that followed it would print an
/// internal response (a cloud metadata service, a router) to whoever controls the redirect. <see cref="Gate"/> refuses
/// such a hop before anything is sent, and the model reports Chromium's LocalNetworkAccessPermissionDenied
/// (InsecureLocalNetwork from a page that is not a secure context).
/// </para>
/// </summary>
internal static class LocalNetworkAccess
{
    /// <summary>A warning when <paramref name="page"/> reaching <paramref name="url"/> would need the permission, else null.</summary>
    public static async Task<string?> WarningAsync(Origin page, Uri url, CancellationToken cancellationToken)
    {
        if (page.IsOpaque)
        {
            return null;
        }

        var from = PageSpace(page);
        var to = await HostAddressSpace.OfAsync(url, cancellationToken).ConfigureAwait(false);
        if (to is null || to >= from)
        {
            return null;
        }

        var name = AddressSpaces.Name(to.Value);
        return page.IsPotentiallyTrustworthy
            ? $"Chromium asks the user before a page on {page} (a {AddressSpaces.Name(from)} address) may reach the {name} address space of {url.Host}"
              + $" (Local Network Access). If the user declines, the request fails before CORS with LocalNetworkAccessPermissionDenied: \"Permission was denied for this request to access the `{name}` address space.\""
            : $"{page} is not a secure context, so Chromium refuses its requests to the {name} address space of {url.Host} before CORS (InsecureLocalNetwork), whatever the server sends.";
    }

    // A page's address space is the IP it was loaded from; from the origin alone we know it for IP literals and
    // localhost, and assume public for any other name (and for an opaque origin, whose page could be anywhere).
    private static AddressSpace PageSpace(Origin page) =>
        page.IsOpaque ? AddressSpace.Public : AddressSpaces.OfHost(page.Host) ?? AddressSpace.Public;


    /// <summary>Decides, hop by hop, whether a request of one check may be sent (see the class remarks).</summary>
    internal sealed class Gate(Origin page, Uri url)
    {
        private AddressSpace? _allowed;

        /// <summary>Throws <see cref="LocalNetworkAccessException"/> when <paramref name="target"/> is more private than
        /// both the page and the URL the check was asked about.</summary>
        public async Task CheckAsync(Uri target, CancellationToken cancellationToken)
        {
            if (string.Equals(target.IdnHost, url.IdnHost, StringComparison.OrdinalIgnoreCase))
            {
                return; // the URL's own host: the space the user asked about
            }

            // The most private space the check may enter: the page's, or the URL's when that is more private.
            _allowed ??= Min(PageSpace(page), await HostAddressSpace.OfAsync(url, cancellationToken).ConfigureAwait(false) ?? AddressSpace.Public);
            if (await HostAddressSpace.OfAsync(target, cancellationToken).ConfigureAwait(false) is { } space && space < _allowed)
            {
                throw new LocalNetworkAccessException(space, page.IsPotentiallyTrustworthy,
                    $"{target.GetLeftPart(UriPartial.Authority)} is in the {AddressSpaces.Name(space)} address space, which a page on {page} calling {url.GetLeftPart(UriPartial.Authority)} may not enter without the user's permission");
            }
        }

        private static AddressSpace Min(AddressSpace a, AddressSpace b) => a < b ? a : b;
    }
}
