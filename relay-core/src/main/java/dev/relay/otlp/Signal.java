package dev.relay.otlp;

/** The OTLP signal a pipeline carries. */
public enum Signal {
  TRACES("traces"),
  METRICS("metrics"),
  LOGS("logs");

  private final String configName;

  Signal(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  public static Signal fromConfigName(String name) {
    for (Signal s : values()) {
      if (s.configName.equals(name)) {
        return s;
      }
    }
    return null;
  }
}
