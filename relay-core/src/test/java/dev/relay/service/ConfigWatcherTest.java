package dev.relay.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --watch-config}: a changed file, and a ConfigMap's atomic symlink swap, each cause one reload. */
class ConfigWatcherTest {
  @Test
  void aConfigMapSymlinkSwapIsSeenOnceItSettled(@TempDir Path dir) throws Exception {
    // As the kubelet lays out a ConfigMap: config.yaml -> ..data/config.yaml, ..data -> ..2026_x
    Path first = Files.createDirectory(dir.resolve("..2026_12_04_1"));
    Files.writeString(first.resolve("config.yaml"), "version: 1\n");
    Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Path config = Files.createSymbolicLink(dir.resolve("config.yaml"), Path.of("..data", "config.yaml"));
    AtomicInteger reloads = new AtomicInteger();
    try (ConfigWatcher watcher = new ConfigWatcher(List.of(config), Duration.ofMillis(300),
        reloads::incrementAndGet).start()) {
      Path second = Files.createDirectory(dir.resolve("..2026_12_04_2"));
      Files.writeString(second.resolve("config.yaml"), "version: 2\n");
      Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
      Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      Await.until(Duration.ofSeconds(10), "one reload", () -> reloads.get() == 1);
      // Nothing more changes: no more reloads (the watcher polls every 250 ms; wait for several polls).
      long until = System.nanoTime() + Duration.ofMillis(1200).toNanos();
      Await.until(Duration.ofSeconds(5), "quiet period", () -> System.nanoTime() >= until);
      assertThat(reloads.get()).isEqualTo(1);
    }
  }

  @Test
  void aFileRewrittenInPlaceIsSeenAndTheSameContentIsNot(@TempDir Path dir) throws Exception {
    Path config = Files.writeString(dir.resolve("relay.yaml"), "a: 1\n");
    AtomicInteger reloads = new AtomicInteger();
    try (ConfigWatcher watcher = new ConfigWatcher(List.of(config), Duration.ofMillis(300),
        reloads::incrementAndGet).start()) {
      Files.writeString(config, "a: 1\n"); // touched, same content
      Files.writeString(config, "a: 2\n");
      Await.until(Duration.ofSeconds(10), "one reload", () -> reloads.get() == 1);
      Files.writeString(config, "a: 3\n");
      Await.until(Duration.ofSeconds(10), "a second reload", () -> reloads.get() == 2);
    }
  }
}
