package dev.relay.ottl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.re2j.Pattern;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code IsMatch} answers anchored literal patterns with a prefix test: it must agree with the regex. */
class LiteralPrefixTest {
  @Test
  void anchoredLiteralsBecomePrefixes() {
    assertArrayEquals(new String[] {"gateway."}, Regexes.literalPrefixes("^gateway\\."));
    assertArrayEquals(new String[] {"gateway.", "policy."}, Regexes.literalPrefixes("^(gateway|policy)\\."));
    assertArrayEquals(new String[] {"a-b:c/", "d"}, Regexes.literalPrefixes("^(?:a-b:c/|d)"));
    assertArrayEquals(new String[] {"GET /health"}, Regexes.literalPrefixes("^GET /health"));
  }

  @Test
  void anythingElseIsLeftToTheRegex() {
    for (String p : new String[] {"gateway", "^", "^a.b", "^a|b", "^(a|b)*", "^a+", "^(?i)abc", "^[ab]", "^(a|)",
        "^()", "^(a|b", "^a$", "^a\\d", "^(a|b)c?", "^a\\", "^(?P<x>a)", "^a{2}", "^(a|b))"}) {
      assertNull(Regexes.literalPrefixes(p), p);
    }
  }

  @Test
  void thePrefixTestAgreesWithTheRegex() throws Exception {
    String[] patterns = {"^gateway\\.", "^(gateway|policy)\\.", "^(?:ab|a)", "^a-b", "^x:y/z=1@2_3 4"};
    String alphabet = "gatewaypolicy.-:/=@_ 1234xyzb";
    Random r = new Random(11);
    for (String p : patterns) {
      Pattern compiled = Regexes.compile(p, "IsMatch");
      String[] prefixes = Regexes.literalPrefixes(p);
      for (int i = 0; i < 20_000; i++) {
        StringBuilder sb = new StringBuilder();
        if (r.nextBoolean()) {
          String q = prefixes[r.nextInt(prefixes.length)];
          sb.append(q, 0, r.nextInt(q.length() + 1));
        }
        int n = r.nextInt(6);
        for (int k = 0; k < n; k++) {
          sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
        }
        String s = sb.toString();
        boolean prefixed = false;
        for (String q : prefixes) {
          prefixed |= s.startsWith(q);
        }
        assertEquals(Regexes.find(compiled, s), prefixed, p + " on \"" + s + "\"");
      }
    }
  }
}
