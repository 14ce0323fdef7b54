/**
 * Authentication, as the Collector's auth extensions: the {@code bearertokenauth} and {@code basicauth} extension
 * types ({@link dev.relay.auth.AuthExtensions} reads their settings), the authenticators they make at run time
 * ({@link dev.relay.auth.Authenticators}: a {@link dev.relay.auth.ServerAuthenticator} checks a request's headers,
 * a {@link dev.relay.auth.ClientAuthenticator} gives the headers to send), and {@link dev.relay.auth.AuthReference},
 * a component's {@code auth: {authenticator: <id>}}, which the config loader resolves. Receivers, exporters and the
 * admin server depend on this package, never on each other; it depends on {@code config} only.
 */
package dev.relay.auth;
