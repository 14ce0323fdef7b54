package dev.relay.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects configuration faults while a file is read, so that all of them are reported together, and the warnings:
 * what is accepted but deserves a word (a deprecated name, a setting Relay accepts and does not act on).
 */
public final class Problems {
  private final String file;
  private final List<ConfigProblem> list = new ArrayList<>();
  private final List<ConfigProblem> warnings = new ArrayList<>();

  public Problems(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  public void add(int line, String path, String message) {
    list.add(new ConfigProblem(file, line, path, message));
  }

  /** Records a warning: the config is valid, and the user should hear about this once. */
  public void warn(int line, String path, String message) {
    warnings.add(new ConfigProblem(file, line, path, message));
  }

  /** The warnings, in the order they were recorded, each as {@code file:line: key.path: message}. */
  public List<ConfigProblem> warnings() {
    return List.copyOf(warnings);
  }

  public boolean isEmpty() {
    return list.isEmpty();
  }

  public List<ConfigProblem> list() {
    return List.copyOf(list);
  }

  /** Throws if any fault was recorded. */
  public void throwIfAny() throws ConfigException {
    if (!list.isEmpty()) {
      throw new ConfigException(list);
    }
  }
}
