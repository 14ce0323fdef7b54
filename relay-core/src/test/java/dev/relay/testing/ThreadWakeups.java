package dev.relay.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * How often a process's threads whose names start with a prefix have woken up (this JVM's, or another's by pid):
 * the sum of their context switches (voluntary and not, from {@code /proc/PID/task/TID/status}). A thread blocked
 * without a timeout has none. The kernel keeps only the first 15 characters of a thread's name, so prefixes should
 * be shorter than that.
 */
public final class ThreadWakeups {
  private ThreadWakeups() {}

  /** Context switches so far of every live thread of this JVM named {@code prefix*}. */
  public static long of(String prefix) {
    return of(ProcessHandle.current().pid(), prefix);
  }

  /** Context switches so far of every live thread of process {@code pid} named {@code prefix*}. */
  public static long of(long pid, String prefix) {
    long sum = 0;
    for (Path task : tasks(pid, prefix)) {
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

  /** The names of this JVM's live threads named {@code prefix*}, as the kernel has them. */
  public static Set<String> names(String prefix) {
    return names(ProcessHandle.current().pid(), prefix);
  }

  /** The names of process {@code pid}'s live threads named {@code prefix*}, as the kernel has them. */
  public static Set<String> names(long pid, String prefix) {
    Set<String> names = new TreeSet<>();
    for (Path task : tasks(pid, prefix)) {
      try {
        names.add(Files.readString(task.resolve("comm")).trim());
      } catch (IOException ended) {
        // the thread ended meanwhile
      }
    }
    return names;
  }

  private static Set<Path> tasks(long pid, String prefix) {
    Set<Path> out = new TreeSet<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
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
