package dev.relay.ottl;

/**
 * XXH3 (Yann Collet's xxHash, version 0.8 algorithm), 64- and 128-bit, seed 0 and the default secret, as Go's
 * {@code github.com/zeebo/xxh3} computes them for contrib's {@code XXH3} and {@code XXH128}. Written from the
 * algorithm's description; checked against libxxhash for every length class.
 */
final class Xxh3 {
  private static final long P32_1 = 0x9E3779B1L;
  private static final long P32_2 = 0x85EBCA77L;
  private static final long P32_3 = 0xC2B2AE3DL;
  private static final long P64_1 = 0x9E3779B185EBCA87L;
  private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
  private static final long P64_3 = 0x165667B19E3779F9L;
  private static final long P64_4 = 0x85EBCA77C2B2AE63L;
  private static final long P64_5 = 0x27D4EB2F165667C5L;
  private static final long MX1 = 0x165667919E3779F9L;
  private static final long MX2 = 0x9FB21C651E98DF25L;

  /** The default 192-byte secret. */
  private static final byte[] SECRET = bytes(
      "b8fe6c3923a44bbe7c01812cf721ad1cded46de9839097db7240a4a4b7b3671fcb79e64eccc0e578825ad07dccff7221b8084674f7"
      + "43248ee03590e6813a264c3c2852bb91c300cb88d0658b1b532ea371644897a20df94e3819ef46a9deacd8a8fa763fe39c343ff9"
      + "dcbbc7c70b4f1d8a51e04bcdb45931c89f7ec9d9787364eac5ac8334d3ebc3c581a0fffa1363eb170ddd51b7f0da49d316552629"
      + "d4689e2b16be587d47a1fc8ff8b8d17ad031ce45cb3a8f95160428afd7fbcabb4b407e");

  private static final int STRIPE = 64;
  private static final int STRIPES_PER_BLOCK = (SECRET.length - STRIPE) / 8;
  private static final int BLOCK = STRIPE * STRIPES_PER_BLOCK;

  private Xxh3() {}

  private static byte[] bytes(String hex) {
    return java.util.HexFormat.of().parseHex(hex);
  }

  static long hash64(byte[] in) {
    int len = in.length;
    if (len == 0) {
      return avalanche64(r64(SECRET, 56) ^ r64(SECRET, 64));
    }
    if (len <= 3) {
      long combined = ((in[0] & 0xffL) << 16) | ((in[len >> 1] & 0xffL) << 24) | (in[len - 1] & 0xffL)
          | ((long) len << 8);
      long bitflip = r32(SECRET, 0) ^ r32(SECRET, 4);
      return avalanche64(combined ^ bitflip);
    }
    if (len <= 8) {
      long bitflip = r64(SECRET, 8) ^ r64(SECRET, 16);
      long input = r32(in, len - 4) + (r32(in, 0) << 32);
      return rrmxmx(input ^ bitflip, len);
    }
    if (len <= 16) {
      long lo = r64(in, 0) ^ (r64(SECRET, 24) ^ r64(SECRET, 32));
      long hi = r64(in, len - 8) ^ (r64(SECRET, 40) ^ r64(SECRET, 48));
      return avalanche3(len + Long.reverseBytes(lo) + hi + fold(lo, hi));
    }
    if (len <= 128) {
      long acc = len * P64_1;
      if (len > 32) {
        if (len > 64) {
          if (len > 96) {
            acc += mix16(in, 48, 96, 0) + mix16(in, len - 64, 112, 0);
          }
          acc += mix16(in, 32, 64, 0) + mix16(in, len - 48, 80, 0);
        }
        acc += mix16(in, 16, 32, 0) + mix16(in, len - 32, 48, 0);
      }
      acc += mix16(in, 0, 0, 0) + mix16(in, len - 16, 16, 0);
      return avalanche3(acc);
    }
    if (len <= 240) {
      long acc = len * P64_1;
      int rounds = len / 16;
      for (int i = 0; i < 8; i++) {
        acc += mix16(in, 16 * i, 16 * i, 0);
      }
      acc = avalanche3(acc);
      for (int i = 8; i < rounds; i++) {
        acc += mix16(in, 16 * i, 16 * (i - 8) + 3, 0);
      }
      acc += mix16(in, len - 16, 136 - 17, 0);
      return avalanche3(acc);
    }
    long[] acc = longAccumulate(in);
    return merge(acc, 11, len * P64_1);
  }

  /** The 128-bit hash as {@code {high, low}}, the order Go's Uint128.Bytes prints. */
  static long[] hash128(byte[] in) {
    int len = in.length;
    if (len == 0) {
      return new long[] {avalanche64(r64(SECRET, 80) ^ r64(SECRET, 88)), avalanche64(r64(SECRET, 64) ^ r64(SECRET, 72))};
    }
    if (len <= 3) {
      int combinedLo = (int) (((in[0] & 0xffL) << 16) | ((in[len >> 1] & 0xffL) << 24) | (in[len - 1] & 0xffL)
          | ((long) len << 8));
      int combinedHi = Integer.rotateLeft(Integer.reverseBytes(combinedLo), 13);
      long bitflipLo = r32(SECRET, 0) ^ r32(SECRET, 4);
      long bitflipHi = r32(SECRET, 8) ^ r32(SECRET, 12);
      return new long[] {avalanche64((combinedHi & 0xffffffffL) ^ bitflipHi),
          avalanche64((combinedLo & 0xffffffffL) ^ bitflipLo)};
    }
    if (len <= 8) {
      long input = r32(in, 0) + (r32(in, len - 4) << 32);
      long keyed = input ^ (r64(SECRET, 16) ^ r64(SECRET, 24));
      long m = P64_1 + ((long) len << 2);
      long lo = keyed * m;
      long hi = unsignedMultiplyHigh(keyed, m);
      hi += lo << 1;
      lo ^= hi >>> 3;
      lo ^= lo >>> 35;
      lo *= MX2;
      lo ^= lo >>> 28;
      return new long[] {avalanche3(hi), lo};
    }
    if (len <= 16) {
      long bitflipLo = r64(SECRET, 32) ^ r64(SECRET, 40);
      long bitflipHi = r64(SECRET, 48) ^ r64(SECRET, 56);
      long inLo = r64(in, 0);
      long inHi = r64(in, len - 8);
      long x = inLo ^ inHi ^ bitflipLo;
      long mLo = x * P64_1;
      long mHi = unsignedMultiplyHigh(x, P64_1);
      mLo += (long) (len - 1) << 54;
      inHi ^= bitflipHi;
      mHi += inHi + (inHi & 0xffffffffL) * (P32_2 - 1);
      mLo ^= Long.reverseBytes(mHi);
      long hLo = mLo * P64_2;
      long hHi = unsignedMultiplyHigh(mLo, P64_2) + mHi * P64_2;
      return new long[] {avalanche3(hHi), avalanche3(hLo)};
    }
    if (len <= 240) {
      long[] acc = {len * P64_1, 0};
      if (len <= 128) {
        if (len > 32) {
          if (len > 64) {
            if (len > 96) {
              mix32(acc, in, 48, len - 64, 96, 0);
            }
            mix32(acc, in, 32, len - 48, 64, 0);
          }
          mix32(acc, in, 16, len - 32, 32, 0);
        }
        mix32(acc, in, 0, len - 16, 0, 0);
      } else {
        int rounds = len / 32;
        for (int i = 0; i < 4; i++) {
          mix32(acc, in, 32 * i, 32 * i + 16, 32 * i, 0);
        }
        acc[0] = avalanche3(acc[0]);
        acc[1] = avalanche3(acc[1]);
        for (int i = 4; i < rounds; i++) {
          mix32(acc, in, 32 * i, 32 * i + 16, 3 + 32 * (i - 4), 0);
        }
        mix32(acc, in, len - 16, len - 32, 136 - 17 - 16, 0);
      }
      long lo = acc[0] + acc[1];
      long hi = acc[0] * P64_1 + acc[1] * P64_4 + (long) len * P64_2;
      return new long[] {-avalanche3(hi), avalanche3(lo)};
    }
    long[] acc = longAccumulate(in);
    return new long[] {merge(acc, SECRET.length - STRIPE - 11, ~(len * P64_2)), merge(acc, 11, len * P64_1)};
  }

  private static long[] longAccumulate(byte[] in) {
    int len = in.length;
    long[] acc = {P32_3, P64_1, P64_2, P64_3, P64_4, P32_2, P64_5, P32_1};
    int blocks = (len - 1) / BLOCK;
    for (int b = 0; b < blocks; b++) {
      for (int s = 0; s < STRIPES_PER_BLOCK; s++) {
        accumulate512(acc, in, b * BLOCK + s * STRIPE, s * 8);
      }
      scramble(acc);
    }
    int stripes = ((len - 1) - BLOCK * blocks) / STRIPE;
    for (int s = 0; s < stripes; s++) {
      accumulate512(acc, in, blocks * BLOCK + s * STRIPE, s * 8);
    }
    accumulate512(acc, in, len - STRIPE, SECRET.length - STRIPE - 7);
    return acc;
  }

  private static void accumulate512(long[] acc, byte[] in, int at, int secretAt) {
    for (int i = 0; i < 8; i++) {
      long value = r64(in, at + 8 * i);
      long key = value ^ r64(SECRET, secretAt + 8 * i);
      acc[i ^ 1] += value;
      acc[i] += (key & 0xffffffffL) * (key >>> 32);
    }
  }

  private static void scramble(long[] acc) {
    int at = SECRET.length - STRIPE;
    for (int i = 0; i < 8; i++) {
      long a = acc[i];
      a ^= a >>> 47;
      a ^= r64(SECRET, at + 8 * i);
      acc[i] = a * P32_1;
    }
  }

  private static long merge(long[] acc, int secretAt, long start) {
    long result = start;
    for (int i = 0; i < 4; i++) {
      result += fold(acc[2 * i] ^ r64(SECRET, secretAt + 16 * i), acc[2 * i + 1] ^ r64(SECRET, secretAt + 16 * i + 8));
    }
    return avalanche3(result);
  }

  private static long mix16(byte[] in, int at, int secretAt, long seed) {
    return fold(r64(in, at) ^ (r64(SECRET, secretAt) + seed), r64(in, at + 8) ^ (r64(SECRET, secretAt + 8) - seed));
  }

  private static void mix32(long[] acc, byte[] in, int at1, int at2, int secretAt, long seed) {
    acc[0] += mix16(in, at1, secretAt, seed);
    acc[0] ^= r64(in, at2) + r64(in, at2 + 8);
    acc[1] += mix16(in, at2, secretAt + 16, seed);
    acc[1] ^= r64(in, at1) + r64(in, at1 + 8);
  }

  /** The low and high halves of the 128-bit product, xored. */
  private static long fold(long a, long b) {
    return (a * b) ^ unsignedMultiplyHigh(a, b);
  }

  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  private static long avalanche64(long h) {
    h ^= h >>> 33;
    h *= P64_2;
    h ^= h >>> 29;
    h *= P64_3;
    return h ^ (h >>> 32);
  }

  private static long avalanche3(long h) {
    h ^= h >>> 37;
    h *= MX1;
    return h ^ (h >>> 32);
  }

  private static long rrmxmx(long h, int len) {
    h ^= Long.rotateLeft(h, 49) ^ Long.rotateLeft(h, 24);
    h *= MX2;
    h ^= (h >>> 35) + len;
    h *= MX2;
    return h ^ (h >>> 28);
  }

  private static long r32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }

  private static long r64(byte[] b, int at) {
    return r32(b, at) | r32(b, at + 4) << 32;
  }
}
