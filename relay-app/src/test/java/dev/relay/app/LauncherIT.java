package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code target/relay}, the launcher {@code mvn package} leaves beside the jar: the flags it adds, the order they
 * come in, the arguments and exit code it passes through. A stand-in {@code java} (a script under a fake
 * {@code JAVA_HOME} that prints what it was given) shows the exact command; the real JVM shows the flags apply.
 * SIGTERM reaching the JVM is {@link RelayProcessIT}'s clean stop, which runs through the launcher.
 */
class LauncherIT {
  private static final List<String> DEFAULTS = List.of("-XX:+UseSerialGC", "-Xmx64m", "-Xmn12m",
      "-XX:FreqInlineSize=100", "-XX:+ExitOnOutOfMemoryError", "-XX:TrimNativeHeapInterval=1000", "-XX:-UsePerfData",
      "-Xms24m", "-XX:MinHeapFreeRatio=30", "-XX:MaxHeapFreeRatio=30", "-XX:-ShrinkHeapInSteps",
      "-XX:+UnlockDiagnosticVMOptions", "-XX:GuaranteedSafepointInterval=0", "-XX:AsyncDeflationInterval=0");

  @TempDir
  Path dir;

  private record Run(int exit, String output) {}

  private static Run run(Path launcher, Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().remove("RELAY_JAVA_OPTS");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the launcher exits; output:\n" + out).isTrue();
    return new Run(p.exitValue(), out);
  }

  /** A JAVA_HOME whose bin/java prints each argument on a line and exits with {@code exit}. */
  private Path fakeJavaHome(int exit) throws IOException {
    Path bin = Files.createDirectories(dir.resolve("jdk").resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\nexit " + exit + "\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin.getParent();
  }

  @Test
  void runsTheJarWithTheTunedFlagsThenRelayJavaOptsThenTheArgumentsAsGiven() throws Exception {
    Path jdk = fakeJavaHome(7);
    Run r = run(RelayProcess.LAUNCHER, Map.of("JAVA_HOME", jdk.toString(), "RELAY_JAVA_OPTS", "-Xmx96m  -Dx=1"),
        "run", "--config", "a file with spaces.yaml", "*", "$HOME", "");
    List<String> expected = new ArrayList<>(DEFAULTS);
    expected.addAll(List.of("-Xmx96m", "-Dx=1", "-jar", RelayProcess.JAR.toAbsolutePath().toString(),
        "run", "--config", "a file with spaces.yaml", "*", "$HOME", ""));
    assertThat(r.output()).isEqualTo(String.join("\n", expected) + "\n");
    assertThat(r.exit()).as("the exit code passes through").isEqualTo(7);
  }

  @Test
  void addsTheClassDataArchiveWhenOneLiesBesideTheJar() throws Exception {
    Path home = Files.createDirectories(dir.resolve("opt relay"));
    Path launcher = Files.copy(RelayProcess.LAUNCHER, home.resolve("relay"));
    Files.writeString(home.resolve("relay.jsa"), "archive");
    Run r = run(launcher, Map.of("JAVA_HOME", fakeJavaHome(0).toString()), "validate");
    List<String> expected = new ArrayList<>(DEFAULTS);
    expected.addAll(List.of("-XX:SharedArchiveFile=" + home.toRealPath().resolve("relay.jsa"), "-jar",
        home.toRealPath().resolve("relay.jar").toString(), "validate"));
    assertThat(r.output()).isEqualTo(String.join("\n", expected) + "\n");
    assertThat(r.exit()).isZero();
  }

  @Test
  void theRealJvmTakesTheDefaultsAndRelayJavaOptsWin() throws Exception {
    String javaHome = System.getProperty("java.home");
    Run defaults = run(RelayProcess.LAUNCHER, Map.of("JAVA_HOME", javaHome,
        "RELAY_JAVA_OPTS", "-XX:+PrintFlagsFinal"), "--version");
    assertThat(defaults.exit()).isZero();
    assertThat(defaults.output()).containsPattern("bool UseSerialGC += true")
        .containsPattern("size_t MaxHeapSize += 67108864 ")
        .containsPattern("intx FreqInlineSize += 100 ")
        .containsPattern("size_t InitialHeapSize += 25165824 ")
        .containsPattern("uintx MaxHeapFreeRatio += 30 ")
        .containsPattern("bool ShrinkHeapInSteps += false")
        .containsPattern("bool DisableExplicitGC += false")
        .containsPattern("intx GuaranteedSafepointInterval += 0 ")
        .containsPattern("intx AsyncDeflationInterval += 0 ")
        .containsPattern("uint TrimNativeHeapInterval += 1000 ")
        .contains("relay ");
    Run overridden = run(RelayProcess.LAUNCHER, Map.of("JAVA_HOME", javaHome,
        "RELAY_JAVA_OPTS", "-XX:+PrintFlagsFinal -Xmx48m"), "--version");
    assertThat(overridden.output()).containsPattern("size_t MaxHeapSize += 50331648 ");
  }

  /** The image may move to JDK 25: every default flag must still be one it accepts (none may stop it starting). */
  @Test
  void jdk25TakesTheDefaultsToo() throws Exception {
    Path jdk25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
    assumeTrue(Files.isExecutable(jdk25.resolve("bin/java")), "no JDK 25 at " + jdk25);
    Run r = run(RelayProcess.LAUNCHER, Map.of("JAVA_HOME", jdk25.toString(), "RELAY_JAVA_OPTS", "-XX:+PrintFlagsFinal"),
        "--version");
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).containsPattern("intx GuaranteedSafepointInterval += 0 ")
        .containsPattern("intx AsyncDeflationInterval += 0 ")
        .doesNotContain("Unrecognized VM option")
        .contains("relay ");
  }

  @Test
  void theRelaysExitCodeAndFaultsComeThrough() throws Exception {
    Path config = Files.writeString(dir.resolve("bad.yaml"), "receivers:\n  nope:\n");
    Run r = run(RelayProcess.LAUNCHER, Map.of("JAVA_HOME", System.getProperty("java.home")),
        "validate", "--config", config.toString());
    assertThat(r.exit()).isEqualTo(RelayMain.EXIT_USAGE);
    assertThat(r.output()).contains(config + ":2: receivers.nope: unknown receiver type 'nope'");
  }
}
