package dev.relay.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A profile of the relay during one phase of a bench, so that phases (a fresh relay, the minute after a burst, the
 * latency probe) can be profiled apart. When {@code RELAY_BENCH_JFR} names a directory: a Java Flight Recorder
 * recording, started with {@code jcmd PID JFR.start} as the phase begins and dumped to {@code DIR/PHASE.jfr} as it
 * ends (read it with {@code jfr view hot-methods FILE}, JDK 21 and later). When {@code RELAY_BENCH_ASYNC_PROFILER}
 * also names async-profiler's {@code libasyncProfiler.so}: a CPU profile sampled every millisecond, Java, native
 * and kernel frames, loaded into the relay with {@code jcmd PID JVMTI.agent_load} and written as collapsed stacks
 * to {@code DIR/PHASE.collapsed}. Without the variables it does nothing. When the relay runs with {@code
 * -XX:NativeMemoryTracking=summary}, the end of each phase also writes its native memory summary to {@code
 * DIR/PHASE.nmt}.
 */
final class PhaseRecording implements AutoCloseable {
  private final long pid;
  private final String phase;
  /** Where the profiles go; null: record nothing. */
  private final Path dir;
  /** async-profiler's library; null: a JFR recording. */
  private final String asyncProfiler;

  private PhaseRecording(long pid, String phase, Path dir, String asyncProfiler) {
    this.pid = pid;
    this.phase = phase;
    this.dir = dir;
    this.asyncProfiler = asyncProfiler;
  }

  static PhaseRecording start(Process relay, String phase) throws Exception {
    String dir = System.getenv("RELAY_BENCH_JFR");
    if (dir == null || dir.isBlank()) {
      return new PhaseRecording(relay.pid(), phase, null, null);
    }
    Path out = Files.createDirectories(Path.of(dir)).toAbsolutePath();
    String asyncProfiler = System.getenv("RELAY_BENCH_ASYNC_PROFILER");
    PhaseRecording r = new PhaseRecording(relay.pid(), phase, out,
        asyncProfiler == null || asyncProfiler.isBlank() ? null : asyncProfiler);
    if (r.asyncProfiler != null) {
      // Quoted: jcmd would read the commas and equals signs as its own arguments.
      r.jcmd("JVMTI.agent_load", r.asyncProfiler, "\"start,event=cpu,interval=1ms,threads\"");
    } else {
      r.jcmd("JFR.start", "name=" + phase, "settings=profile");
    }
    return r;
  }

  @Override
  public void close() throws Exception {
    if (dir == null) {
      return;
    }
    Path file;
    if (asyncProfiler != null) {
      file = dir.resolve(phase + ".collapsed");
      jcmd("JVMTI.agent_load", asyncProfiler, "\"stop,collapsed,file=" + file + "\"");
    } else {
      file = dir.resolve(phase + ".jfr");
      jcmd("JFR.stop", "name=" + phase, "filename=" + file);
    }
    System.out.printf("  (profile of this phase: %s)%n", file);
    String opts = System.getenv("RELAY_BENCH_JVM_OPTS");
    if (opts != null && opts.contains("NativeMemoryTracking")) {
      jcmd(ProcessBuilder.Redirect.to(dir.resolve(phase + ".nmt").toFile()), "VM.native_memory", "summary");
    }
  }

  private void jcmd(String... command) throws Exception {
    jcmd(ProcessBuilder.Redirect.DISCARD, command);
  }

  private void jcmd(ProcessBuilder.Redirect output, String... command) throws Exception {
    String[] cmd = new String[command.length + 2];
    cmd[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    cmd[1] = Long.toString(pid);
    System.arraycopy(command, 0, cmd, 2, command.length);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output)
        .start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed for pid " + pid);
    }
  }
}
