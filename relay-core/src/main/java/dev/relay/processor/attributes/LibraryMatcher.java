package dev.relay.processor.attributes;

import io.opentelemetry.proto.common.v1.InstrumentationScopeOrBuilder;

/**
 * One entry of {@code libraries}: the scope's name must match, and its version too when one is given (an empty
 * version matches only an empty one).
 */
record LibraryMatcher(StringFilter name, StringFilter version) {
  boolean matches(InstrumentationScopeOrBuilder scope) {
    return name.matches(scope.getName()) && (version == null || version.matches(scope.getVersion()));
  }
}
