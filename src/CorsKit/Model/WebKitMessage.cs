namespace CorsKit.Model;

/// <summary>
/// The CORS console messages of WebKit (Safari, WebKitGTK), as WebCore and the network process word them
/// (<see cref="WebKitConsoleText"/> cites each). WebKit logs the detail as a security error, then the request line
/// (<see cref="CannotLoad"/>).
/// </summary>
public enum WebKitMessage
{
    /// <summary><c>Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}</c>: the value is
    /// missing or not the origin (CrossOriginAccessControl.cpp passesAccessControlCheck).</summary>
    OriginNotAllowed,
    /// <summary><c>Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.</c></summary>
    WildcardWithCredentials,
    /// <summary><c>Access-Control-Allow-Origin cannot contain more than one origin.</c> (a comma in the combined value).</summary>
    MultipleOrigins,
    /// <summary><c>Credentials flag is true, but Access-Control-Allow-Credentials is not "true".</c></summary>
    CredentialsNotTrue,
    /// <summary><c>Preflight response is not successful. Status code: {status}</c>: checked before anything else
    /// (CrossOriginAccessControl.cpp validatePreflightResponse); a redirected preflight gets it too, with its 3xx status.</summary>
    PreflightNotSuccessful,
    /// <summary><c>Header Access-Control-Allow-Methods has an invalid value: {value}</c> (CrossOriginPreflightResultCache.cpp).</summary>
    InvalidAllowMethods,
    /// <summary><c>Header Access-Control-Allow-Headers has an invalid value: {value}</c>.</summary>
    InvalidAllowHeaders,
    /// <summary><c>Method {value} is not allowed by Access-Control-Allow-Methods.</c></summary>
    MethodNotAllowed,
    /// <summary><c>Request header field {value} is not allowed by Access-Control-Allow-Headers.</c> (the name as the script set it).</summary>
    HeaderNotAllowed,
    /// <summary><c>Cross-origin redirection to {url} denied by Cross-Origin Resource Sharing policy: not allowed to
    /// follow a cross-origin CORS redirection with non CORS scheme</c> (NetworkLoadChecker.cpp checkRedirection).</summary>
    RedirectNonCorsScheme,
    /// <summary><c>Cross-origin redirection to {url} denied by Cross-Origin Resource Sharing policy: redirection URL
    /// {value} has credentials</c>.</summary>
    RedirectHasCredentials,
    /// <summary><c>FTP URLs are disabled</c>: a redirect to <c>ftp:</c> (observed in WebKitGTK 2.50).</summary>
    FtpDisabled,
    /// <summary><c>Cross origin requests are only supported for HTTP.</c> (DocumentThreadableLoader, older WebKit; read only).</summary>
    OnlyHttp,
    /// <summary><c>Unsafe attempt to load URL {url} from origin {origin}. Domains, protocols and ports must match.</c>
    /// (NetworkLoadChecker.cpp continueCheckingRequest, mode same-origin; read only: WebKitGTK 2.50 logs only the request line).</summary>
    SameOriginMode,
    /// <summary><c>Fetch API cannot load {url} due to access control checks.</c> / <c>XMLHttpRequest cannot load …</c>:
    /// the request line that follows every detail (ThreadableLoader logError); alone when there is no detail.</summary>
    CannotLoad,
}
