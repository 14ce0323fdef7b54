package dev.relay.processor.resourcedetection;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code system} detector: {@code host.name} from the first of {@code hostname_sources} that answers
 * ({@code dns}: the host's canonical name; {@code os}: the kernel's host name), {@code os.type} as the semantic
 * conventions spell it, and, when enabled, {@code host.id} from {@code /etc/machine-id} (or
 * {@code /var/lib/dbus/machine-id}).
 */
final class SystemDetector implements Detector {
  static final String HOST_NAME = "host.name";
  static final String OS_TYPE = "os.type";
  static final String HOST_ID = "host.id";
  static final List<Path> MACHINE_ID = List.of(Path.of("/etc/machine-id"), Path.of("/var/lib/dbus/machine-id"));
  private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");
  private static final Logger LOG = LoggerFactory.getLogger(SystemDetector.class);

  private final List<String> hostnameSources;
  private final Set<String> attributes;

  SystemDetector(List<String> hostnameSources, Set<String> attributes) {
    this.hostnameSources = hostnameSources;
    this.attributes = attributes;
  }

  @Override
  public String name() {
    return "system";
  }

  @Override
  public Map<String, String> detect() throws IOException {
    String hostname = null;
    for (String source : hostnameSources) {
      try {
        hostname = source.equals("dns") ? fqdn() : osHostname();
        break;
      } catch (IOException e) {
        LOG.debug("system detector: host name from '{}' failed: {}", source, e.toString());
      }
    }
    if (hostname == null) {
      throw new IOException("all hostname sources failed to get hostname");
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (attributes.contains(HOST_NAME)) {
      out.put(HOST_NAME, hostname);
    }
    if (attributes.contains(OS_TYPE)) {
      out.put(OS_TYPE, osType(System.getProperty("os.name", "")));
    }
    if (attributes.contains(HOST_ID)) {
      String id = machineId();
      if (id == null) {
        LOG.warn("system detector: host.id is enabled but neither {} is readable; it is not set", MACHINE_ID);
      } else {
        out.put(HOST_ID, id);
      }
    }
    return out;
  }

  /** The kernel's host name, as Go's {@code os.Hostname} reads it on Linux, else the JVM's. */
  static String osHostname() throws IOException {
    if (Files.isReadable(KERNEL_HOSTNAME)) {
      String name = Files.readString(KERNEL_HOSTNAME, StandardCharsets.UTF_8).strip();
      if (!name.isEmpty()) {
        return name;
      }
    }
    return InetAddress.getLocalHost().getHostName();
  }

  /** The host's fully qualified name; fails when only its address is known. */
  static String fqdn() throws IOException {
    InetAddress local = InetAddress.getLocalHost();
    String name = local.getCanonicalHostName();
    if (name.equals(local.getHostAddress())) {
      throw new IOException("no canonical name for " + local.getHostAddress());
    }
    return name;
  }

  static String machineId() {
    for (Path p : MACHINE_ID) {
      try {
        String id = Files.readString(p, StandardCharsets.UTF_8).strip();
        if (!id.isEmpty()) {
          return id;
        }
      } catch (IOException | SecurityException e) {
        // try the next place
      }
    }
    return null;
  }

  /** The semantic conventions' {@code os.type} for a JVM {@code os.name}. */
  static String osType(String osName) {
    String n = osName.toLowerCase(Locale.ROOT).replace(" ", "");
    if (n.startsWith("windows")) {
      return "windows";
    }
    if (n.startsWith("mac") || n.startsWith("darwin")) {
      return "darwin";
    }
    if (n.startsWith("sunos") || n.startsWith("solaris")) {
      return "solaris";
    }
    if (n.startsWith("hp-ux")) {
      return "hpux";
    }
    if (n.startsWith("z/os")) {
      return "z_os";
    }
    if (n.startsWith("dragonfly")) {
      return "dragonflybsd";
    }
    return n; // linux, freebsd, netbsd, openbsd and aix are spelled alike
  }
}
