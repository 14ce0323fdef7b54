package dev.relay.config;

import java.util.List;

/** Thrown when a configuration has one or more faults; carries all of them. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient List<ConfigProblem> problems;
  private final transient List<ConfigProblem> warnings;

  public ConfigException(List<ConfigProblem> problems) {
    this(problems, List.of());
  }

  /** With the warnings found on the way, which often explain a fault (an unset variable left a value empty). */
  public ConfigException(List<ConfigProblem> problems, List<ConfigProblem> warnings) {
    super(render(problems), null, false, false);
    this.problems = List.copyOf(problems);
    this.warnings = List.copyOf(warnings);
  }

  public List<ConfigProblem> problems() {
    return problems;
  }

  public List<ConfigProblem> warnings() {
    return warnings;
  }

  private static String render(List<ConfigProblem> problems) {
    StringBuilder sb = new StringBuilder();
    for (ConfigProblem p : problems) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append(p);
    }
    return sb.toString();
  }
}
