/**
 * Configuration: loads Collector-shaped YAML (one file, or several merged with {@code --set} values over them) into
 * a tree that remembers file and line of every node, expands {@code ${env:VAR}}, {@code ${VAR}} and {@code
 * ${file:path}} references, and collects every fault as a {@link dev.relay.config.ConfigProblem} so that a bad
 * configuration is reported all at once, each fault with {@code file:line} and the key at fault (and warnings, such
 * as an unset variable, beside them).
 *
 * <p>The extension API for a factory's {@code parseConfig}: {@link dev.relay.config.ConfigMap} and {@link
 * dev.relay.config.ConfigNode} (typed reads that record faults), {@link dev.relay.config.TlsSettings} and {@link
 * dev.relay.config.ServerSettings} (the transport settings every listener and client embeds, parsed once here), and
 * {@link dev.relay.config.Durations}; {@link dev.relay.config.Secret} (read with {@code ConfigMap.secret}) and
 * {@link dev.relay.config.UrlCredentials}, the one way a password, token or header value is masked when printed.
 * The loader ({@link dev.relay.config.YamlLoader}, {@link
 * dev.relay.config.Problems}) is used by the service.
 */
package dev.relay.config;
