package dev.relay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * How often this JVM's threads whose names start with a prefix have woken up: the sum of their context switches
 * (voluntary and not, from {@code /proc/self/task/TID/status}). A thread blocked without a timeout has none. The
 * kernel keeps only the first 15 characters of a thread's name, so prefixes should be shorter than that.
 */
public final class ThreadWakeups {
  private ThreadWakeups() {}

  /** Context switches so far of every live thread named {@code prefix*}. */
  public static long of(String prefix) {
    long sum = 0;
    for (Path task : tasks(prefix)) {
      try {
        for (String line : Files.readAllLines(task.resolve("status"))) {
          if (line.startsWith("voluntary_ctxt_switches") || line.startsWith("nonvoluntary_ctxt_switches")) {
            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
          }
        }
      } catch (IOException ended) {
        // the thread ended meanwhile
      }
    }
    return sum;
  }

  /** The names of the live threads named {@code prefix*}, as the kernel has them. */
  public static Set<String> names(String prefix) {
    Set<String> names = new TreeSet<>();
    for (Path task : tasks(prefix)) {
      try {
        names.add(Files.readString(task.resolve("comm")).trim());
      } catch (IOException ended) {
        // the thread ended meanwhile
      }
    }
    return names;
  }

  private static Set<Path> tasks(String prefix) {
    Set<Path> out = new TreeSet<>();
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          if (Files.readString(task.resolve("comm")).startsWith(prefix)) {
            out.add(task);
          }
        } catch (IOException ended) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
