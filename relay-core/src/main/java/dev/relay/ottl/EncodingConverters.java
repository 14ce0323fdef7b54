package dev.relay.ottl;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Hashes and encodings with contrib's semantics: {@code FNV} (64-bit FNV-1a as an int), {@code SHA1},
 * {@code SHA512}, {@code MD5} (lowercase hex), {@code Hex}, {@code Base64Encode}, {@code Base64Decode} (deprecated in the
 * Collector) and {@code Decode}. Each takes a string and fails on anything else, nil included.
 */
final class EncodingConverters {
  private static final long FNV64_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV64_PRIME = 0x100000001b3L;

  private EncodingConverters() {}

  static List<Converter> all() {
    return List.of(
        Converters.unary("FNV", false, v -> fnv1a64(Converters.requireString("FNV", v))),
        Converters.unary("SHA1", false, v -> digest("SHA1", "SHA-1", v)),
        Converters.unary("SHA512", false, v -> digest("SHA512", "SHA-512", v)),
        Converters.unary("MD5", false, v -> digest("MD5", "MD5", v)),
        Converters.unary("Base64Decode", false, v -> new String(base64("Base64Decode", "base64",
            Converters.requireString("Base64Decode", v)), StandardCharsets.UTF_8)),
        Converters.unary("Hex", false, EncodingConverters::bytes),
        new Base64Encode(),
        new Decode());
  }

  /**
   * {@code Hex(value)} (func_hex.go, ByteSliceLikeGetter): the value's bytes: a string's UTF-8, an int's or a
   * float's 8 big-endian bytes, a bool's one byte; bytes and ids as they are; nil stays nil.
   */
  static Object bytes(Object v) {
    if (v == null || v instanceof ByteString) {
      return v;
    }
    if (v instanceof Id id) {
      return id.bytes();
    }
    if (v instanceof String s) {
      return ByteString.copyFromUtf8(s);
    }
    if (v instanceof Long l) {
      return ByteString.copyFrom(ByteBuffer.allocate(8).putLong(l).array());
    }
    if (v instanceof Double d) {
      return ByteString.copyFrom(ByteBuffer.allocate(8).putDouble(d).array());
    }
    if (v instanceof Boolean b) {
      return ByteString.copyFrom(new byte[] {(byte) (b ? 1 : 0)});
    }
    throw new OttlRuntimeException("Hex: unsupported type " + Converters.describe(v));
  }

  /** FNV-1a, 64 bits, over the UTF-8 bytes; Go's {@code int64(h.Sum64())}. */
  static long fnv1a64(String s) {
    long h = FNV64_OFFSET;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= FNV64_PRIME;
    }
    return h;
  }

  private static Object digest(String function, String algorithm, Object v) {
    try {
      byte[] d = MessageDigest.getInstance(algorithm)
          .digest(Converters.requireString(function, v).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Go's base64 variants: padded ones require the padding, raw ones refuse it. */
  static byte[] base64(String function, String variant, String s) {
    boolean url = variant.endsWith("url");
    boolean raw = variant.contains("raw");
    if (raw ? s.indexOf('=') >= 0 : s.length() % 4 != 0) {
      throw new OttlRuntimeException(function + ": illegal base64 data (" + variant + ")");
    }
    try {
      return (url ? Base64.getUrlDecoder() : Base64.getDecoder()).decode(s);
    } catch (IllegalArgumentException e) {
      throw new OttlRuntimeException(function + ": illegal base64 data (" + variant + ")");
    }
  }

  static boolean isBase64Variant(String s) {
    return List.of("base64", "base64-raw", "base64-url", "base64-raw-url").contains(s);
  }

  /** {@code Base64Encode(value[, variant])}: variant base64 (default), base64-raw, base64-url, base64-raw-url. */
  static final class Base64Encode implements Converter {
    @Override
    public String name() {
      return "Base64Encode";
    }

    @Override
    public List<String> params() {
      return List.of("value", "variant");
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 1, 2);
      Getter<T> value = args.get(0).getter();
      Getter<T> variant = args.size() > 1 ? args.get(1).getter() : ctx -> "base64";
      return ctx -> {
        byte[] data = Converters.requireString(name(), value.get(ctx)).getBytes(StandardCharsets.UTF_8);
        Object v = variant.get(ctx);
        Base64.Encoder e = switch (v instanceof String s ? s : "") {
          case "base64" -> Base64.getEncoder();
          case "base64-raw" -> Base64.getEncoder().withoutPadding();
          case "base64-url" -> Base64.getUrlEncoder();
          case "base64-raw-url" -> Base64.getUrlEncoder().withoutPadding();
          default -> throw new OttlRuntimeException("Base64Encode: unsupported base64 variant: " + v);
        };
        return e.encodeToString(data);
      };
    }
  }

  /**
   * {@code Decode(value, encoding)}: a base64 variant, or a character set by its IANA name applied to the bytes
   * of a bytes value (a string's own UTF-8 bytes otherwise). Invalid input fails.
   */
  static final class Decode implements Converter {
    @Override
    public String name() {
      return "Decode";
    }

    @Override
    public <T> Getter<T> compile(List<Arg<T>> args) throws OttlException {
      Converters.arity(name(), args, 2, 2);
      String encoding = args.get(1).literalString(name(), "the encoding");
      Getter<T> value = args.get(0).getter();
      if (isBase64Variant(encoding)) {
        return ctx -> {
          Object v = value.get(ctx);
          String s = v instanceof ByteString b ? b.toStringUtf8() : Converters.requireString(name(), v);
          return new String(base64(name(), encoding, s), StandardCharsets.UTF_8);
        };
      }
      Charset charset;
      try {
        charset = Charset.forName(encoding);
      } catch (IllegalArgumentException e) {
        throw new OttlException("Decode: no such encoding: " + encoding);
      }
      return ctx -> {
        Object v = value.get(ctx);
        byte[] bytes = v instanceof ByteString b ? b.toByteArray()
            : Converters.requireString(name(), v).getBytes(StandardCharsets.UTF_8);
        try {
          return charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
          throw new OttlRuntimeException("Decode: the value is not valid " + encoding);
        }
      };
    }
  }
}
