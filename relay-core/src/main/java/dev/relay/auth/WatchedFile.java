package dev.relay.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret file (a token, an htpasswd file) reread when its modification time or size changes; {@link #refresh} is
 * called by {@link Authenticators}' one background thread, so requests only read the last content. A file that
 * cannot be read keeps the last content, with a warning naming the file (never its content).
 */
final class WatchedFile {
  private static final Logger LOG = LoggerFactory.getLogger(WatchedFile.class);

  private final Path path;
  private final String owner;
  private final Runnable onChange;
  private long modified = Long.MIN_VALUE;
  private long size = -1;
  private volatile String content;

  /** Reads {@code path} now; {@code onChange} runs after each later change is read. */
  WatchedFile(Path path, String owner, Runnable onChange) throws IOException {
    this.path = path;
    this.owner = owner;
    this.onChange = onChange;
    if (!read()) {
      throw new IOException(owner + ": cannot read " + path);
    }
  }

  String content() {
    return content;
  }

  /** Rereads the file if it changed. */
  void refresh() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      if (a.lastModifiedTime().toMillis() == modified && a.size() == size) {
        return;
      }
    } catch (IOException e) {
      return; // gone for a moment (a Secret's symlink swap): keep the last content
    }
    if (read()) {
      LOG.info("{}: reread {}", owner, path);
      onChange.run();
    }
  }

  private boolean read() {
    try {
      BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
      content = Files.readString(path, StandardCharsets.UTF_8);
      modified = a.lastModifiedTime().toMillis();
      size = a.size();
      return true;
    } catch (IOException e) {
      LOG.warn("{}: cannot read {} ({}); keeping the last content", owner, path, e.getClass().getSimpleName());
      return false;
    }
  }
}
