package dev.relay.processor.transform;

import dev.relay.processor.OttlGroup;
import java.util.List;

/** Settings of one {@code transform} processor: its statement groups, compiled, in order. */
public record TransformConfig(List<OttlGroup<?>> groups) {
  public TransformConfig {
    groups = List.copyOf(groups);
  }
}
