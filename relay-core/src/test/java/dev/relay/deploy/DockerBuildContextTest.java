package dev.relay.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile and .dockerignore agree: the build context holds exactly the files the image copies (without
 * the ignore file it was 58 MB, half of it relay-bench/target), and the base is a build argument.
 */
class DockerBuildContextTest {
  private static final Path ROOT = Path.of("..");

  private static List<String> lines(Path file) throws Exception {
    return Files.readAllLines(file).stream().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
  }

  /** The sources of the Dockerfile's COPY instructions (each but the last word, the destination). */
  private static List<String> copySources() throws Exception {
    List<String> sources = new ArrayList<>();
    for (String line : lines(ROOT.resolve("docker").resolve("Dockerfile"))) {
      if (line.startsWith("COPY ")) {
        List<String> words = Arrays.asList(line.substring(5).trim().split("\\s+"));
        assertThat(words.get(0)).as("COPY --from or --chown would need this test to learn them").doesNotStartWith("--");
        sources.addAll(words.subList(0, words.size() - 1));
      }
    }
    return sources;
  }

  @Test
  void theIgnoreFileLetsInExactlyWhatTheDockerfileCopies() throws Exception {
    List<String> ignore = lines(ROOT.resolve(".dockerignore"));
    assertThat(ignore.get(0)).as("everything is left out first").isEqualTo("*");
    List<String> letIn = ignore.stream().filter(l -> l.startsWith("!")).map(l -> l.substring(1)).toList();
    assertThat(ignore).hasSize(letIn.size() + 1);
    assertThat(letIn).containsExactlyInAnyOrderElementsOf(copySources());
  }

  @Test
  void theBaseIsABuildArgumentAndTheLauncherTheEntryPoint() throws Exception {
    List<String> dockerfile = lines(ROOT.resolve("docker").resolve("Dockerfile"));
    assertThat(dockerfile.get(0)).startsWith("ARG BASE_IMAGE=");
    assertThat(dockerfile).contains("FROM ${BASE_IMAGE}", "USER 10001:10001", "ENTRYPOINT [\"/opt/relay/relay\"]");
  }
}
