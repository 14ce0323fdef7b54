package dev.relay.config;

/** One fault in a configuration file: where it is, which key, and what is wrong. */
public record ConfigProblem(String file, int line, String path, String message) {
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(file);
    if (line > 0) {
      sb.append(':').append(line);
    }
    sb.append(": ");
    if (path != null && !path.isEmpty()) {
      sb.append(path).append(": ");
    }
    return sb.append(message).toString();
  }
}
