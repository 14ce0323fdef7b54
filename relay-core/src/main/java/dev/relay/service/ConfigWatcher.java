package dev.relay.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code relay run --watch-config}: reads the config files a few times a second and calls {@code onChange} once
 * their content has changed and then stayed the same for {@code settle}. Content is compared, not file events or
 * modification times: Kubernetes updates a ConfigMap by swapping a {@code ..data} symlink, which no event on the
 * file itself reports, and an editor may write a file in several steps. A file that cannot be read counts as
 * changed content (the reload then reports the fault).
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(250);

  private final List<Path> files;
  private final Duration settle;
  private final Runnable onChange;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "relay-config-watch");
    t.setDaemon(true);
    return t;
  });
  /** What was last handed to {@code onChange} (or read at start); touched on the timer thread only. */
  private byte[] applied;
  private byte[] seen;
  private long seenSince;

  public ConfigWatcher(List<Path> files, Duration settle, Runnable onChange) {
    this.files = List.copyOf(files);
    this.settle = settle;
    this.onChange = onChange;
  }

  /** Takes the files' current content as what runs, and starts watching. */
  public ConfigWatcher start() {
    applied = digest();
    seen = applied;
    timer.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void poll() {
    byte[] now = digest();
    long t = System.nanoTime();
    if (!Arrays.equals(now, seen)) {
      seen = now;
      seenSince = t;
      return;
    }
    if (!Arrays.equals(now, applied) && t - seenSince >= settle.toNanos()) {
      applied = now;
      try {
        onChange.run();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger("relay").error("reload after a config change failed: {}", e.toString());
      }
    }
  }

  /** One digest over every file's content, read through symlinks. */
  private byte[] digest() {
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
    for (Path f : files) {
      try {
        sha.update(Files.readAllBytes(f));
      } catch (IOException e) {
        sha.update(("unreadable:" + e).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      sha.update((byte) 0);
    }
    return sha.digest();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
