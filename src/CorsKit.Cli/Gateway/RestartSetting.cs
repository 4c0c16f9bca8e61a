namespace CorsKit.Cli.Gateway;

/// <summary>A config setting a reload cannot apply to a running gateway; it keeps its old value until a restart.</summary>
internal enum RestartSetting
{
    /// <summary><c>listen</c>: the listener is bound.</summary>
    Listen,

    /// <summary><c>connectTimeout</c>: fixed in the upstream connection pool once it is used.</summary>
    ConnectTimeout,

    /// <summary><c>maxConnections</c>, <c>keepAliveTimeout</c>, <c>requestHeadersTimeout</c>: Kestrel reads its limits once.</summary>
    Limits,
}
