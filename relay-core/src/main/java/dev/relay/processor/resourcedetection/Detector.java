package dev.relay.processor.resourcedetection;

import java.util.Map;

/** Finds resource attributes, once, when the processor starts. */
interface Detector {
  String name();

  /** The attributes found, in order; throws when detection failed (the processor logs it and goes on). */
  Map<String, String> detect() throws Exception;
}
