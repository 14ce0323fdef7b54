package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LibraryDefaultsTest {
  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void clear() {
    for (String key : LibraryDefaults.PROPERTIES.keySet()) {
      saved.put(key, System.getProperty(key));
      System.clearProperty(key);
    }
  }

  @AfterEach
  void restore() {
    saved.forEach((key, value) -> {
      if (value == null) {
        System.clearProperty(key);
      } else {
        System.setProperty(key, value);
      }
    });
  }

  @Test
  void switchesOffNettysAndLettucesFlightRecorderEvents() {
    LibraryDefaults.apply();

    assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("false");
    assertThat(System.getProperty("io.lettuce.core.jfr")).isEqualTo("false");
  }

  @Test
  void aPropertyGivenOnTheCommandLineWins() {
    System.setProperty("io.netty.jfr.enabled", "true");

    LibraryDefaults.apply();

    assertThat(System.getProperty("io.netty.jfr.enabled")).isEqualTo("true");
    assertThat(System.getProperty("io.lettuce.core.jfr")).isEqualTo("false");
  }
}
