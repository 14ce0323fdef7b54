package dev.relay.compression;

import com.github.luben.zstd.RecyclingBufferPool;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import io.grpc.Codec;
import io.grpc.CompressorRegistry;
import io.grpc.DecompressorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * gRPC's view of {@link Compression}: the compressor registry an exporter's channel uses (gzip at the configured
 * level, zstd) and the decompressor registry a receiver's server uses (gzip and zstd), as the Collector's configgrpc
 * registers them.
 */
public final class GrpcCodecs {
  private GrpcCodecs() {}

  /** A registry with the codec for {@code compression} under its wire name; gRPC's defaults for the rest. */
  public static CompressorRegistry compressors(Compression compression) {
    CompressorRegistry registry = CompressorRegistry.newEmptyInstance();
    registry.register(new Codec.Gzip());
    registry.register(Codec.Identity.NONE);
    if (compression.enabled()) {
      registry.register(new Leveled(compression));
    }
    return registry;
  }

  /** gRPC's decompressors (gzip, identity) and zstd, all advertised to clients in {@code grpc-accept-encoding}. */
  public static DecompressorRegistry decompressors() {
    return DecompressorRegistry.getDefaultInstance().with(ZstdDecompressor.INSTANCE, true);
  }

  /** Compresses as configured; decompresses what a peer answers in the same encoding. */
  private static final class Leveled implements Codec {
    private final Compression compression;

    Leveled(Compression compression) {
      this.compression = compression;
    }

    @Override
    public String getMessageEncoding() {
      return compression.type().encoding();
    }

    @Override
    public OutputStream compress(OutputStream os) throws IOException {
      return compression.compressing(os);
    }

    @Override
    public InputStream decompress(InputStream is) throws IOException {
      return compression.type() == Compression.Type.ZSTD ? ZstdDecompressor.INSTANCE.decompress(is)
          : new Codec.Gzip().decompress(is);
    }
  }

  private static final class ZstdDecompressor implements io.grpc.Decompressor {
    static final ZstdDecompressor INSTANCE = new ZstdDecompressor();

    @Override
    public String getMessageEncoding() {
      return "zstd";
    }

    @Override
    public InputStream decompress(InputStream is) throws IOException {
      return new ZstdInputStreamNoFinalizer(is, RecyclingBufferPool.INSTANCE);
    }
  }
}
