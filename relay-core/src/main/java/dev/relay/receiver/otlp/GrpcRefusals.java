package dev.relay.receiver.otlp;

import dev.relay.net.Http2RefusalObserver;
import dev.relay.net.Http2RefusalObserver.CalmReason;
import dev.relay.telemetry.Meters;
import dev.relay.telemetry.ThrottlingLogger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.SocketAddress;
import java.util.EnumMap;
import java.util.Map;

/**
 * The gRPC listener's HTTP/2 refusals, as its connections' {@link Http2RefusalObserver}s report them: streams
 * refused ({@code RST_STREAM REFUSED_STREAM}) and connections closed with {@code GOAWAY ENHANCE_YOUR_CALM}. The
 * counters are made once per receiver, every tag value at once, so that they read 0 before the first refusal.
 */
final class GrpcRefusals implements Http2RefusalObserver.Listener {
  static final String REFUSED_STREAMS = "relay.receiver.refused.streams";

  private final String receiver;
  private final GrpcGuards guards;
  private final ThrottlingLogger log;
  private final Counter overLimit;
  private final Counter goingAway;
  private final Map<CalmReason, Counter> closed = new EnumMap<>(CalmReason.class);
  private final Counter idle;

  GrpcRefusals(String receiver, GrpcGuards guards, MeterRegistry registry, ThrottlingLogger log) {
    this.receiver = receiver;
    this.guards = guards;
    this.log = log;
    this.overLimit = Meters.counter(registry, REFUSED_STREAMS, "receiver", receiver, "transport", "grpc",
        "reason", "max_concurrent_streams");
    this.goingAway = Meters.counter(registry, REFUSED_STREAMS, "receiver", receiver, "transport", "grpc",
        "reason", "going_away");
    for (CalmReason reason : CalmReason.values()) {
      closed.put(reason, Meters.counter(registry, Meters.RECEIVER_CLOSED_CONNECTIONS, "receiver", receiver,
          "transport", "grpc", "reason", reason.tag()));
    }
    this.idle = Meters.counter(registry, Meters.RECEIVER_CLOSED_CONNECTIONS, "receiver", receiver,
        "transport", "grpc", "reason", "max_connection_idle");
  }

  @Override
  public void connectionIdle() {
    idle.increment();
  }

  @Override
  public void streamRefused(boolean afterGoAway) {
    (afterGoAway ? goingAway : overLimit).increment();
  }

  @Override
  public void connectionCalmed(CalmReason reason, SocketAddress peer) {
    closed.get(reason).increment();
    log.warn("receiver " + receiver + " (grpc): closed the connection from " + peer + " (GOAWAY ENHANCE_YOUR_CALM): "
        + switch (reason) {
          case RAPID_RESET -> "it reset more than " + GrpcGuards.MAX_RST_FRAMES + " streams in "
              + GrpcGuards.RST_WINDOW_SECONDS + " s (HTTP/2 rapid reset)";
          case TOO_MANY_PINGS -> "it pinged more often than keepalive.enforcement_policy allows (min_time "
              + guards.minTime().toMillis() + " ms" + (guards.permitWithoutStream() ? "" : ", none without a call")
              + ")";
          case OTHER -> "it made the server queue too many frames it did not read";
        });
  }
}
