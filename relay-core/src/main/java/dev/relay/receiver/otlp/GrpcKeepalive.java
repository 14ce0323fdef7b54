package dev.relay.receiver.otlp;

import io.grpc.netty.NettyServerBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** {@link GrpcGuards} on grpc-java's server builder, and its rapid-reset protection. */
final class GrpcKeepalive {
  private GrpcKeepalive() {}

  static void apply(NettyServerBuilder builder, GrpcGuards g) {
    set(g.maxConnectionIdle(), d -> builder.maxConnectionIdle(d, TimeUnit.NANOSECONDS));
    set(g.maxConnectionAge(), d -> builder.maxConnectionAge(d, TimeUnit.NANOSECONDS));
    set(g.maxConnectionAgeGrace(), d -> builder.maxConnectionAgeGrace(d, TimeUnit.NANOSECONDS));
    set(g.time(), d -> builder.keepAliveTime(d, TimeUnit.NANOSECONDS));
    set(g.timeout(), d -> builder.keepAliveTimeout(d, TimeUnit.NANOSECONDS));
    builder.permitKeepAliveTime(g.minTime().toNanos(), TimeUnit.NANOSECONDS);
    builder.permitKeepAliveWithoutCalls(g.permitWithoutStream());
    // HTTP/2 rapid reset (CVE-2023-44487): a client opening and cancelling streams faster than this gets GOAWAY.
    builder.maxRstFramesPerWindow(GrpcGuards.MAX_RST_FRAMES, GrpcGuards.RST_WINDOW_SECONDS);
  }

  private static void set(Duration d, java.util.function.LongConsumer apply) {
    if (!d.isZero()) {
      apply.accept(d.toNanos());
    }
  }
}
