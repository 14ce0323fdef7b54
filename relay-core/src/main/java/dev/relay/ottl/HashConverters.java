package dev.relay.ottl;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Contrib's {@code Murmur3Hash} and {@code Murmur3Hash128} (lowercase hex of the little-endian hash of the
 * string's UTF-8 bytes), {@code XXH3} and {@code XXH128} (lowercase hex, big-endian, as Go's xxh3 Sum prints) and {@code CommunityID} (the Community ID flow hash, version 1). Each fails on a
 * value of the wrong type, nil included.
 */
final class HashConverters {
  /** Protocol names CommunityID takes, and their IP protocol numbers (func_community_id.go). */
  private static final Map<String, Integer> PROTOCOLS = Map.of(
      "ICMP", 1, "TCP", 6, "UDP", 17, "RSVP", 46, "ICMP6", 58, "SCTP", 132);

  private HashConverters() {}

  static List<Converter> all() {
    return List.of(
        Converters.unary("Murmur3Hash", false, v -> {
          int h = Murmur3.hash32(utf8("Murmur3Hash", v));
          return HexFormat.of().formatHex(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(h).array());
        }),
        Converters.unary("Murmur3Hash128", false, v -> {
          long[] h = Murmur3.hash128(utf8("Murmur3Hash128", v));
          return HexFormat.of().formatHex(ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
              .putLong(h[0]).putLong(h[1]).array());
        }),
        Converters.unary("XXH3", false, v -> String.format("%016x", Xxh3.hash64(utf8("XXH3", v)))),
        Converters.unary("XXH128", false, v -> {
          long[] h = Xxh3.hash128(utf8("XXH128", v));
          return String.format("%016x%016x", h[0], h[1]);
        }),
        new TextConverters.Fn("CommunityID", 4, 6, (ctx, a) -> communityId(a)).named(List.of("sourceIP",
            "sourcePort", "destinationIP", "destinationPort", "protocol", "seed"), "TCP", 0L));
  }

  private static byte[] utf8(String function, Object v) {
    return Converters.requireString(function, v).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code CommunityID(sourceIP, sourcePort, destinationIP, destinationPort[, protocol[, seed]])}: the flow is
   * put in a canonical direction (the smaller address, then the smaller port, first), so both directions hash
   * alike; protocol defaults to TCP, seed to 0.
   */
  static Object communityId(Object[] a) {
    String srcText = Converters.requireString("CommunityID", a[0]);
    long srcPort = port("source", a[1]);
    String dstText = Converters.requireString("CommunityID", a[2]);
    long dstPort = port("destination", a[3]);
    int protocol = 6;
    if (a.length > 4) {
      Integer p = PROTOCOLS.get(Converters.requireString("CommunityID", a[4]));
      if (p == null) {
        throw new OttlRuntimeException("CommunityID: unsupported protocol: " + a[4]);
      }
      protocol = p;
    }
    long seed = 0;
    if (a.length > 5) {
      if (!(a[5] instanceof Long s)) {
        throw new OttlRuntimeException("CommunityID: expected int seed but got " + Converters.describe(a[5]));
      }
      if (s < 0 || s > 65535) {
        throw new OttlRuntimeException("CommunityID: seed must be between 0 and 65535, got " + s);
      }
      seed = s;
    }
    byte[] src = CheckConverters.IsInCidr.address(srcText);
    if (src == null) {
      throw new OttlRuntimeException("CommunityID: invalid source IP: " + srcText);
    }
    byte[] dst = CheckConverters.IsInCidr.address(dstText);
    if (dst == null) {
      throw new OttlRuntimeException("CommunityID: invalid destination IP: " + dstText);
    }
    int cmp = src.length != dst.length ? Integer.compare(src.length, dst.length) : java.util.Arrays.compareUnsigned(src, dst);
    if (cmp > 0 || (cmp == 0 && srcPort > dstPort)) {
      byte[] t = src;
      src = dst;
      dst = t;
      long p = srcPort;
      srcPort = dstPort;
      dstPort = p;
    }
    ByteBuffer tuple = ByteBuffer.allocate(2 + src.length + dst.length + 2 + 4);
    tuple.putShort((short) seed).put(src).put(dst).put((byte) protocol).put((byte) 0)
        .putShort((short) srcPort).putShort((short) dstPort);
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(tuple.array());
      return "1:" + Base64.getEncoder().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long port(String which, Object v) {
    if (!(v instanceof Long p)) {
      throw new OttlRuntimeException("CommunityID: expected int " + which + " port but got " + Converters.describe(v));
    }
    if (p < 1 || p > 65535) {
      throw new OttlRuntimeException("CommunityID: " + which + " port must be between 1 and 65535, got " + p);
    }
    return p;
  }
}
