package dev.relay.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** Testcontainers, only where a Docker engine answers. */
public final class Docker {
  private Docker() {}

  public static boolean available() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  static TestRedis redis() {
    GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);
    c.start();
    return TestRedis.external(c.getHost(), c.getMappedPort(6379), c::stop);
  }
}
