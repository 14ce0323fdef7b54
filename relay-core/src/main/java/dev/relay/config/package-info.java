/**
 * Configuration: loads Collector-shaped YAML into a tree that remembers file and line of every node,
 * expands {@code ${env:VAR}} references, and collects every fault as a {@link dev.relay.config.ConfigProblem}
 * so that a bad file is reported all at once, each fault with {@code file:line} and the key at fault.
 */
package dev.relay.config;
