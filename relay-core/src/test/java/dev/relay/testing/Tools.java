package dev.relay.testing;

import java.io.File;

/** Which command-line tools the tests can run here. */
public final class Tools {
  private Tools() {}

  /** The executable {@code name} on PATH, or null. */
  public static String find(String name) {
    for (String p : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      File f = new File(p, name);
      if (f.canExecute()) {
        return f.getAbsolutePath();
      }
    }
    return null;
  }

  public static boolean onPath(String... names) {
    for (String n : names) {
      if (find(n) == null) {
        return false;
      }
    }
    return true;
  }
}
