package dev.relay.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.component.ComponentFactory;
import dev.relay.component.Components;
import dev.relay.config.ConfigException;
import dev.relay.config.ConfigMap;
import dev.relay.config.ConfigProblem;
import dev.relay.config.Problems;
import dev.relay.config.YamlLoader;
import dev.relay.builtin.BuiltinComponents;
import dev.relay.service.RelayConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Keeps each doc page's {@code ## Keys} table in step with the keys the code accepts: a key cannot be added to a
 * factory without its row, and a row cannot name a key the factory rejects. The keys accepted are the ones the
 * factory asks its config for, recorded while it reads a config holding every documented key.
 */
class DocKeysTest {
  private static final Components COMPONENTS = BuiltinComponents.all();

  /** A component's (or an auth extension's) page, and the parser of its settings. */
  record Page(String kind, String type, java.util.function.Function<ConfigMap, Object> parser) {
    Page(String kind, String type, ComponentFactory<?> factory) {
      this(kind, type, factory::parseConfig);
    }

    Path path() {
      return docs().resolve("components").resolve(kind + "-" + type + ".md");
    }

    @Override
    public String toString() {
      return kind + " " + type;
    }
  }

  static Stream<Page> pages() {
    List<Page> pages = new ArrayList<>();
    COMPONENTS.receiverTypes().forEach(t -> pages.add(new Page("receiver", t, COMPONENTS.receiver(t))));
    COMPONENTS.processorTypes().forEach(t -> pages.add(new Page("processor", t, COMPONENTS.processor(t))));
    COMPONENTS.exporterTypes().forEach(t -> pages.add(new Page("exporter", t, COMPONENTS.exporter(t))));
    dev.relay.auth.AuthExtensions.TYPES.forEach(t -> pages.add(
        new Page("extension", t, cfg -> dev.relay.auth.AuthExtensions.parse(t, t, cfg))));
    return pages.stream();
  }

  @Test
  void everyComponentHasAPageAndEveryPageAComponent() throws IOException {
    Set<Path> expected = new TreeSet<>(pages().map(Page::path).toList());
    Set<Path> present = new TreeSet<>();
    try (Stream<Path> files = Files.list(docs().resolve("components"))) {
      files.filter(f -> f.toString().endsWith(".md")).forEach(present::add);
    }
    assertThat(present).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("pages")
  void componentPageDocumentsExactlyTheKeysItsFactoryAccepts(Page page) throws IOException {
    DocKeys doc = DocKeys.read(page.path());
    Set<String> asked = new TreeSet<>();
    Problems problems = new Problems(page.path().getFileName().toString());
    ConfigMap config = new YamlLoader(name -> null).recordingKeysAsked(asked).parse(doc.yaml(), problems);
    assertThat(problems.list()).as("the config generated from %s", doc.file()).isEmpty();
    page.parser().apply(config);
    assertInStep(doc, asked, problems.list());
  }

  @Test
  void configurationPageDocumentsExactlyTheKeysTheServiceAccepts() throws IOException {
    DocKeys doc = DocKeys.read(docs().resolve("configuration.md"));
    Set<String> asked = new TreeSet<>();
    List<ConfigProblem> problems = List.of();
    try {
      new RelayConfigLoader(COMPONENTS, new YamlLoader(name -> null).recordingKeysAsked(asked))
          .parse("configuration.md", doc.yaml());
    } catch (ConfigException e) {
      problems = e.problems();
    }
    assertThat(problems).noneMatch(p -> p.message().startsWith("invalid YAML"));
    assertInStep(doc, asked, problems);
  }

  private static void assertInStep(DocKeys doc, Set<String> asked, List<ConfigProblem> problems) {
    Set<String> normalized = new TreeSet<>();
    asked.forEach(a -> normalized.add(DocKeys.normalize(a)));
    assertThat(problems.stream().filter(p -> p.message().startsWith("unknown key")).map(Object::toString))
        .as("keys %s documents that the code rejects", doc.file())
        .isEmpty();
    assertThat(normalized.stream().filter(a -> !doc.covers(a)))
        .as("keys the code accepts that %s does not document", doc.file())
        .isEmpty();
    assertThat(doc.unasked(normalized))
        .as("keys %s documents that the code never reads", doc.file())
        .isEmpty();
  }

  /** The repository's docs directory; tests run in the module's directory, or the repository's. */
  static Path docs() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("docs").resolve("components"))) {
        return dir.resolve("docs");
      }
    }
    throw new IllegalStateException("no docs/components above " + Path.of("").toAbsolutePath());
  }
}
