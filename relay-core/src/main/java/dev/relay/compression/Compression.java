package dev.relay.compression;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import dev.relay.config.ConfigMap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * How an exporter compresses what it sends: the Collector's {@code compression} ({@code gzip}, {@code zstd},
 * {@code none}; empty means none) and {@code compression_params.level}. Gzip levels are zlib's: -1 (zlib's default,
 * 6), 0 to 9, and -2 for Huffman-only; unset, Relay takes 1, zlib's fastest, where the Collector takes -1: with the
 * JDK's zlib, level 6 costs twice as much CPU as level 1 for about 5% fewer bytes, and a sidecar's CPU is the scarcer
 * resource (docs/BENCHMARKS.md, "Compression to Tempo"). zstd levels are 1 to 22 (default 3). Immutable; one per
 * exporter.
 */
public record Compression(Type type, int level) {
  /** A compression method, by its wire name (gRPC {@code grpc-encoding}, HTTP {@code Content-Encoding}). */
  public enum Type {
    NONE("identity"), GZIP("gzip"), ZSTD("zstd");

    private final String encoding;

    Type(String encoding) {
      this.encoding = encoding;
    }

    /** The name on the wire. */
    public String encoding() {
      return encoding;
    }
  }

  public static final int GZIP_DEFAULT_LEVEL = Deflater.BEST_SPEED;
  public static final int ZSTD_DEFAULT_LEVEL = 3;
  private static final int HUFFMAN_ONLY = -2;

  public static final Compression NONE = new Compression(Type.NONE, 0);
  public static final Compression GZIP = new Compression(Type.GZIP, GZIP_DEFAULT_LEVEL);

  /**
   * Reads {@code compression} (default {@code defaultType}) and {@code compression_params.level} from an exporter's
   * config, recording faults as the Collector would refuse them.
   */
  public static Compression read(ConfigMap cfg, Type defaultType) {
    String name = cfg.string("compression", defaultType.name().toLowerCase(Locale.ROOT)).trim()
        .toLowerCase(Locale.ROOT);
    Type type;
    switch (name) {
      case "", "none" -> type = Type.NONE;
      case "gzip" -> type = Type.GZIP;
      case "zstd" -> type = Type.ZSTD;
      case "snappy", "zlib", "deflate", "lz4" -> {
        cfg.problem("compression", "'" + name + "' is not supported by Relay: use gzip, zstd or none");
        type = defaultType;
      }
      default -> {
        cfg.problem("compression", "'" + name + "' is not a compression: use gzip, zstd or none");
        type = defaultType;
      }
    }
    ConfigMap params = cfg.map("compression_params");
    int level = switch (type) {
      case GZIP -> (int) params.integer("level", GZIP_DEFAULT_LEVEL, HUFFMAN_ONLY, Deflater.BEST_COMPRESSION);
      case ZSTD -> (int) params.integer("level", ZSTD_DEFAULT_LEVEL, 1, 22);
      case NONE -> {
        if (params.string("level", null) != null) {
          params.problem("level", "a level needs a compression: compression is none");
        }
        yield 0;
      }
    };
    params.rejectUnknown();
    return new Compression(type, level);
  }

  public boolean enabled() {
    return type != Type.NONE;
  }

  /** A stream that compresses into {@code out}; closing it finishes the compressed stream and closes {@code out}. */
  public OutputStream compressing(OutputStream out) throws IOException {
    return switch (type) {
      case NONE -> out;
      case GZIP -> GzipStreams.at(level).open(out);
      case ZSTD -> new ZstdOutputStreamNoFinalizer(out, RecyclingBufferPool.INSTANCE).setLevel(level);
    };
  }

  /** {@code parts}, one after the other, compressed. */
  public byte[] compress(List<byte[]> parts) {
    int size = 0;
    for (byte[] p : parts) {
      size += p.length;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(64, size / 4));
    try (OutputStream out = compressing(bytes)) {
      for (byte[] p : parts) {
        out.write(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return bytes.toByteArray();
  }

  @Override
  public String toString() {
    return switch (type) {
      case NONE -> "none";
      case GZIP -> level == GZIP_DEFAULT_LEVEL ? "gzip" : "gzip level " + level;
      case ZSTD -> level == ZSTD_DEFAULT_LEVEL ? "zstd" : "zstd level " + level;
    };
  }
}
