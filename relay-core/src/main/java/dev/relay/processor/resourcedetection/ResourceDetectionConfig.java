package dev.relay.processor.resourcedetection;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Settings of one {@code resourcedetection} processor.
 *
 * @param detectors the detectors to run, in order ({@code env}, {@code system}); an earlier one wins a key
 * @param override whether detected attributes replace a resource's own
 * @param timeout how long detection may take, at start
 * @param hostnameSources the system detector's sources of {@code host.name}, tried in order
 * @param systemAttributes the attributes the system detector sets
 * @param environment the environment variables the env detector reads (the config loader's)
 */
public record ResourceDetectionConfig(
    List<String> detectors,
    boolean override,
    Duration timeout,
    List<String> hostnameSources,
    Set<String> systemAttributes,
    Function<String, String> environment) {
  public ResourceDetectionConfig {
    detectors = List.copyOf(detectors);
    hostnameSources = List.copyOf(hostnameSources);
    systemAttributes = Set.copyOf(systemAttributes);
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(environment, "environment");
  }
}
