package dev.relay.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects configuration faults while a configuration is read, so that all of them are reported together, and the
 * warnings (an unset variable, a setting Relay accepts but does not apply) that are logged when it runs.
 */
public final class Problems {
  private final String file;
  private final List<ConfigProblem> list = new ArrayList<>();
  private final List<ConfigProblem> warnings = new ArrayList<>();

  public Problems(String file) {
    this.file = file;
  }

  /** The configuration's name: its file, or its files joined when several are merged. */
  public String file() {
    return file;
  }

  public void add(int line, String path, String message) {
    add(null, line, path, message);
  }

  /** A fault in {@code file} (null: this configuration's {@link #file()}). */
  public void add(String file, int line, String path, String message) {
    list.add(new ConfigProblem(file == null ? this.file : file, line, path, message));
  }

  /** A warning in {@code file} (null: this configuration's {@link #file()}). */
  public void warn(String file, int line, String path, String message) {
    warnings.add(new ConfigProblem(file == null ? this.file : file, line, path, message));
  }

  /** Records a warning: the config is valid, and the user should hear about this once. */
  public void warn(int line, String path, String message) {
    warn(null, line, path, message);
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<ConfigProblem> list() {
    return List.copyOf(list);
  }

  /** The warnings, in the order they were recorded, each shown as {@code file:line: key.path: message}. */
  public List<ConfigProblem> warnings() {
    return List.copyOf(warnings);
  }

  /** Throws if any fault was recorded. */
  public void throwIfAny() throws ConfigException {
    if (!list.isEmpty()) {
      throw new ConfigException(list, warnings);
    }
  }
}
