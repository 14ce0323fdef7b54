package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.relay.ottl.context.SpanEventContext;
import dev.relay.ottl.context.SpanEventPaths;
import dev.relay.ottl.context.SpanPaths;
import org.junit.jupiter.api.Test;

/** Nesting is bounded: deep input gets the parser's message, never a StackOverflowError. */
class ParserDepthTest {
  private static final Compiler<SpanEventContext> COMPILER = SpanEventPaths.compiler();

  @Test
  void nestingUpToTheLimitParsesAndBeyondItIsRefusedWithAMessage() throws OttlException {
    int ok = Parser.MAX_DEPTH - 1; // the whole expression is one level
    assertThat(COMPILER.condition("(".repeat(ok) + "1 == 1" + ")".repeat(ok)).test(new SpanEventContext()))
        .isTrue();
    String deep = "(".repeat(1_000) + "1 == 1" + ")".repeat(1_000);
    assertThatThrownBy(() -> COMPILER.condition(deep)).isInstanceOf(OttlException.class)
        .hasMessage("expression nested deeper than 100 levels at column 101");
  }

  @Test
  void everyKindOfNestingCountsTowardsTheLimit() {
    for (String deep : new String[] {
        "[".repeat(5_000) + "]".repeat(5_000) + " == nil",
        "not ".repeat(100_000) + "true",
        "-".repeat(100_000) + "1 == 1",
        "Concat(".repeat(5_000) + "\"a\"" + ")".repeat(5_000) + " == \"a\"",
        "attributes[".repeat(5_000) + "\"k\"" + "]".repeat(5_000) + " == nil"}) {
      assertThatThrownBy(() -> COMPILER.condition(deep)).isInstanceOf(OttlException.class)
          .hasMessageStartingWith("expression nested deeper than 100 levels");
      assertThatThrownBy(() -> Parser.parseStatement("set(name, " + deep + ")"))
          .isInstanceOf(OttlException.class).hasMessageStartingWith("expression nested deeper than 100 levels");
    }
  }

  @Test
  void chainedOperatorsCountAsTreeDepth() throws OttlException {
    // A chain of operators is a left-deep tree, one level per operator, for the compiler and the evaluation.
    String chain = "1" + " + 1".repeat(899) + " == 900";
    assertThat(COMPILER.condition(chain).test(new SpanEventContext())).isTrue();
    String ors = "name == \"x\"" + " or name == \"x\"".repeat(899);
    assertThat(SpanPaths.compiler().condition(ors)).isNotNull();
    String tooLong = "1" + " + 1".repeat(100_000) + " == 1";
    assertThatThrownBy(() -> COMPILER.condition(tooLong)).isInstanceOf(OttlException.class)
        .hasMessageStartingWith("expression deeper than 1000 operators and levels");
    String tooMany = "true" + " and true".repeat(100_000);
    assertThatThrownBy(() -> COMPILER.condition(tooMany)).isInstanceOf(OttlException.class)
        .hasMessageStartingWith("expression deeper than 1000 operators and levels");
  }
}
