package dev.relay.service;

import dev.relay.config.ConfigException;

/** Loads the relay's configuration again, from where it was first loaded: what a reload applies. */
@FunctionalInterface
public interface ConfigSource {
  RelayConfig load() throws ConfigException;
}
