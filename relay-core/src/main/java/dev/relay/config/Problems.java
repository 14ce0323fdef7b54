package dev.relay.config;

import java.util.ArrayList;
import java.util.List;

/** Collects configuration faults while a file is read, so that all of them are reported together. */
public final class Problems {
  private final String file;
  private final List<ConfigProblem> list = new ArrayList<>();

  public Problems(String file) {
    this.file = file;
  }

  public String file() {
    return file;
  }

  public void add(int line, String path, String message) {
    list.add(new ConfigProblem(file, line, path, message));
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
