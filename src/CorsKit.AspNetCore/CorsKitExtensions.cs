using CorsKit.AspNetCore;
using CorsKit.AspNetCore.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Microsoft.Extensions.DependencyInjection
{
    /// <summary>Registers CorsKit.</summary>
    public static class CorsKitServiceCollectionExtensions
    {
        /// <summary>The configuration section CorsKit binds (<c>CorsKit:Policies:&lt;name&gt;</c>, <c>CorsKit:DefaultPolicy</c>, …).</summary>
        public const string ConfigurationSection = "CorsKit";

        /// <summary>
        /// Adds CorsKit: policies from the <c>CorsKit</c> configuration section (reloaded on change) and from
        /// <paramref name="configure"/>. Every policy is validated when the middleware is built; an invalid policy
        /// stops the application with every error listed.
        /// </summary>
        public static IServiceCollection AddCorsKit(this IServiceCollection services, Action<CorsKitOptions>? configure = null)
        {
            ArgumentNullException.ThrowIfNull(services);
            services.AddOptions<CorsKitOptions>().Configure<IServiceProvider>((options, sp) =>
            {
                // Checked whole before anything is bound: every typo and every wrong value is reported at startup,
                // all at once (CorsKitConfigurationReader), instead of being ignored or failing in the binder.
                if (sp.GetService<IConfiguration>() is { } configuration)
                {
                    CorsKitConfigurationReader.Read(configuration.GetSection(ConfigurationSection), options);
                }
            });
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IOptionsChangeTokenSource<CorsKitOptions>, ConfigurationChangeSource>());
            if (configure is not null)
            {
                services.Configure(configure);
            }
            services.TryAddSingleton<CorsKitPolicyProvider>();
            services.TryAddSingleton(sp => new CorsKitMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
            services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, UnhandledExceptionStartupFilter>());
            return services;
        }

        private sealed class ConfigurationChangeSource(IServiceProvider services) : IOptionsChangeTokenSource<CorsKitOptions>
        {
            public string? Name => Options.Options.DefaultName;

            public IChangeToken GetChangeToken() =>
                services.GetService<IConfiguration>()?.GetSection(ConfigurationSection).GetReloadToken()
                ?? NullChangeToken.Singleton;
        }

        private sealed class NullChangeToken : IChangeToken
        {
            public static NullChangeToken Singleton { get; } = new();

            public bool HasChanged => false;

            public bool ActiveChangeCallbacks => false;

            public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) => EmptyDisposable.Instance;

            private sealed class EmptyDisposable : IDisposable
            {
                public static EmptyDisposable Instance { get; } = new();

                public void Dispose()
                {
                }
            }
        }
    }
}

namespace Microsoft.AspNetCore.Builder
{
    using Microsoft.Extensions.DependencyInjection;

    /// <summary>Adds the CorsKit middleware to a pipeline.</summary>
    public static class CorsKitApplicationBuilderExtensions
    {
        /// <summary>
        /// Adds the CorsKit middleware. Put it after <c>UseRouting</c> (so per-endpoint policies are seen) and before
        /// authentication, authorization and the endpoints. Requests whose endpoint names no policy use
        /// <paramref name="policyName"/>, or else <see cref="CorsKitOptions.DefaultPolicy"/>.
        /// </summary>
        public static IApplicationBuilder UseCorsKit(this IApplicationBuilder app, string? policyName = null)
        {
            ArgumentNullException.ThrowIfNull(app);
            var provider = app.ApplicationServices.GetService<CorsKitPolicyProvider>()
                ?? throw new InvalidOperationException("CorsKit services are missing: call builder.Services.AddCorsKit(...) before app.UseCorsKit().");
            var services = app.ApplicationServices;
            var metrics = services.GetRequiredService<CorsKitMetrics>();
            var logger = services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<CorsKitMiddleware>>();
            var routingBefore = StartupCheck.RoutingAdded(app);
            return app.Use(next =>
            {
                // The pipeline is being built: every UseX and MapX call has been made, so the order of UseRouting and
                // every endpoint's policy name can be checked, together with the configuration, all errors at once.
                StartupCheck.ThrowIfInvalid(app, provider, policyName, routingBefore);
                return new CorsKitMiddleware(next, provider, metrics, logger, policyName).Invoke;
            });
        }
    }

    /// <summary>Per-endpoint CorsKit policies for minimal APIs, route groups and controllers.</summary>
    public static class CorsKitEndpointConventionBuilderExtensions
    {
        /// <summary>Applies the named CorsKit policy to the endpoint(s).</summary>
        public static TBuilder RequireCorsKit<TBuilder>(this TBuilder builder, string policyName) where TBuilder : IEndpointConventionBuilder
        {
            ArgumentException.ThrowIfNullOrEmpty(policyName);
            builder.Add(b => b.Metadata.Add(new CorsKitAttribute(policyName)));
            return builder;
        }

        /// <summary>Applies a compiled CorsKit policy to the endpoint(s) (<see cref="CorsKitPolicyMetadata"/>);
        /// <paramref name="name"/> is what logs call it.</summary>
        public static TBuilder RequireCorsKit<TBuilder>(this TBuilder builder, string name, CorsKit.Policy.CorsPolicy policy) where TBuilder : IEndpointConventionBuilder
        {
            var metadata = new CorsKitPolicyMetadata(name, policy);
            builder.Add(b =>
            {
                // An ICorsMetadata, as CorsKitAttribute is, so endpoint routing lets preflights through to a
                // method-restricted endpoint instead of answering 405 (the middleware in front then answers them).
                b.Metadata.Add(AcceptsPreflight.Instance);
                b.Metadata.Add(metadata);
            });
            return builder;
        }

        private sealed class AcceptsPreflight : Microsoft.AspNetCore.Cors.Infrastructure.ICorsMetadata
        {
            public static AcceptsPreflight Instance { get; } = new();
        }

        /// <summary>Turns CorsKit off for the endpoint(s).</summary>
        public static TBuilder DisableCorsKit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        {
            builder.Add(b => b.Metadata.Add(new DisableCorsKitAttribute()));
            return builder;
        }
    }
}
