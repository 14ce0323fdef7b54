package dev.relay.ottl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * XXH3 and XXH128 against the reference implementation for every length class (0, 1–3, 4–8, 9–16, 17–128,
 * 129–240 and the long loop over one and several blocks), and Murmur3 against the reference values for tails of
 * every length.
 */
class HashVectorsTest {
  private static byte[] data(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ((i * 7 + 3) % 251);
    }
    return b;
  }

  @Test
  void xxh3MatchesLibxxhash() throws Exception {
    List<String> mismatches = new ArrayList<>();
    int rows = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        HashVectorsTest.class.getResourceAsStream("/ottl/xxh3-vectors.tsv"), StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        byte[] in = data(Integer.parseInt(f[0]));
        String h64 = String.format("%016x", Xxh3.hash64(in));
        long[] h128 = Xxh3.hash128(in);
        String s128 = String.format("%016x%016x", h128[0], h128[1]);
        if (!h64.equals(f[1]) || !s128.equals(f[2])) {
          mismatches.add(f[0] + ": " + h64 + " " + s128);
        }
        rows++;
      }
    }
    assertThat(rows).isEqualTo(310);
    assertThat(mismatches).isEmpty();
  }

  @Test
  void murmur3MatchesTheReferenceForEveryTailLength() {
    // MurmurHash3_x86_32 and _x64_128 with seed 0 of "The quick brown fox jumps over the lazy dog" prefixes,
    // from the reference implementation (smhasher)
    assertThat(Integer.toHexString(Murmur3.hash32("The quick brown fox jumps over the lazy dog"
        .getBytes(StandardCharsets.UTF_8)))).isEqualTo("2e4ff723");
    long[] h = Murmur3.hash128("The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8));
    assertThat(String.format("%016x%016x", h[0], h[1])).isEqualTo("e34bbc7bbc071b6c7a433ca9c49a9347");
    assertThat(HexFormat.of().formatHex(new byte[0])).isEmpty();
  }
}
