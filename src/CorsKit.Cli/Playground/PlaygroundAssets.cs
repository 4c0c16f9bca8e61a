using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace CorsKit.Cli.Playground;

/// <summary>
/// The playground page's published files, embedded in this assembly by CorsKit.Cli.csproj (target EmbedPlayground):
/// only the Brotli file of each (<c>playground/PATH.br</c>) and the SDK's endpoints manifest, which says each file's
/// content type and whether it is fingerprinted. A browser that accepts <c>br</c> gets the embedded bytes with
/// <c>Content-Encoding: br</c>; any other client gets them decompressed here (RFC 9110 §8.4, §12.5.3).
/// </summary>
internal sealed class PlaygroundAssets
{
    private const string Prefix = "playground/";
    private const string Manifest = "playground.endpoints.json";

    /// <summary>Fingerprinted files never change under their name (the SDK's own header for them).</summary>
    private const string Immutable = "public, max-age=31536000, immutable";

    private static readonly FileExtensionContentTypeProvider Extensions = new();

    private readonly Assembly _assembly;
    private readonly Dictionary<string, Asset> _assets;

    private sealed record Asset(string Resource, string ContentType, bool Fingerprinted);

    private PlaygroundAssets(Assembly assembly, Dictionary<string, Asset> assets)
    {
        _assembly = assembly;
        _assets = assets;
    }

    /// <summary>The number of files the page has.</summary>
    public int Count => _assets.Count;

    /// <summary>Reads the embedded page of <paramref name="assembly"/>.</summary>
    public static PlaygroundAssets Load(Assembly assembly)
    {
        var headers = ReadManifest(assembly);
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(Prefix, StringComparison.Ordinal) || !resource.EndsWith(".br", StringComparison.Ordinal))
            {
                continue;
            }

            var path = resource[Prefix.Length..^".br".Length];
            headers.TryGetValue(path, out var known);
            var type = known.ContentType ?? (Extensions.TryGetContentType(path, out var guessed) ? guessed : "application/octet-stream");
            assets[path] = new Asset(resource, type, known.Fingerprinted);
        }

        return new PlaygroundAssets(assembly, assets);
    }

    /// <summary>
    /// The SDK writes, for each published route, the headers it would serve (Microsoft.AspNetCore.StaticAssets):
    /// the uncompressed route's Content-Type, and <c>Cache-Control: max-age=31536000, immutable</c> exactly for the
    /// files whose name carries a fingerprint. Those facts are used as the SDK states them.
    /// </summary>
    private static Dictionary<string, (string? ContentType, bool Fingerprinted)> ReadManifest(Assembly assembly)
    {
        var result = new Dictionary<string, (string?, bool)>(StringComparer.Ordinal);
        using var stream = assembly.GetManifestResourceStream(Manifest);
        if (stream is null)
        {
            return result;
        }

        using var document = JsonDocument.Parse(stream);
        foreach (var endpoint in document.RootElement.GetProperty("Endpoints").EnumerateArray())
        {
            var route = endpoint.GetProperty("Route").GetString();
            if (route is null || endpoint.GetProperty("AssetFile").GetString() != route)
            {
                continue;
            }

            string? type = null;
            var immutable = false;
            foreach (var header in endpoint.GetProperty("ResponseHeaders").EnumerateArray())
            {
                var name = header.GetProperty("Name").GetString();
                var value = header.GetProperty("Value").GetString() ?? "";
                if (name == HeaderNames.ContentType)
                {
                    type = value;
                }
                else if (name == HeaderNames.CacheControl)
                {
                    immutable = value.Contains("immutable", StringComparison.Ordinal);
                }
            }

            result[route] = (type, immutable);
        }

        return result;
    }

    /// <summary>
    /// Serves the file for <paramref name="context"/>'s path; a path that names no file gets <c>index.html</c> (the
    /// page routes in the browser). Only GET and HEAD.
    /// </summary>
    public async Task ServeAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "GET, HEAD";
            return;
        }

        var path = (request.Path.Value ?? "/").TrimStart('/');
        if (path.Length == 0 || !_assets.TryGetValue(path, out var asset))
        {
            // A route of the page (no file extension) is the page; a missing file is a 404, not HTML in its place.
            if (Path.HasExtension(path))
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            asset = _assets["index.html"];
        }

        response.ContentType = asset.ContentType;
        response.Headers.CacheControl = asset.Fingerprinted ? Immutable : "no-cache";
        // The body depends on Accept-Encoding (RFC 9110 §12.5.5): caches must keep the two apart.
        response.Headers.Vary = HeaderNames.AcceptEncoding;
        response.Headers.XContentTypeOptions = "nosniff";
        await using var stream = _assembly.GetManifestResourceStream(asset.Resource)!;
        if (AcceptsBrotli(request))
        {
            response.Headers.ContentEncoding = "br";
            response.ContentLength = stream.Length;
            if (!HttpMethods.IsHead(request.Method))
            {
                await stream.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
            }

            return;
        }

        if (!HttpMethods.IsHead(request.Method))
        {
            await using var brotli = new BrotliStream(stream, CompressionMode.Decompress);
            await brotli.CopyToAsync(response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    /// <summary>RFC 9110 §12.5.3: <c>br</c> (or <c>*</c>) listed with a quality above zero.</summary>
    private static bool AcceptsBrotli(HttpRequest request)
    {
        var accepted = false;
        if (!StringWithQualityHeaderValue.TryParseList(request.Headers.AcceptEncoding, out var values))
        {
            return false;
        }

        foreach (var value in values)
        {
            var coding = value.Value.Value;
            if (coding is null || !(coding.Equals("br", StringComparison.OrdinalIgnoreCase) || coding == "*"))
            {
                continue;
            }

            if (value.Quality is 0)
            {
                if (coding.Equals("br", StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                continue;
            }

            accepted = true;
        }

        return accepted;
    }
}
