package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.otlp.OtlpGrpcMethods;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedis;
import dev.relay.testing.TestRelay;
import dev.relay.testing.TestTraces;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A shutdown right after a burst: every channel and stream target is delivered or counted, none is lost. */
class RedisShutdownIT {
  @Test
  void everyTargetIsAccountedForAtShutdown() throws Exception {
    try (TestRedis redis = TestRedis.start(); TempoStub tempo = TempoStub.start()) {
      TestRelay relay = TestRelay.start(new TestConfig()
          .otlpReceiver()
          .otlpExporter("otlp", tempo)
          .redisExporter("redis", redis, """
              routes:
                - channel: burst
                  stream: burst-history
                  queue_size: 100000
              """)
          .pipeline("traces", List.of("otlp"), List.of("otlp", "redis")));
      ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", relay.grpcPort("otlp")).usePlaintext()
          .build();
      int events = 0;
      try {
        for (int r = 0; r < 20; r++) {
          Span.Builder[] spans = new Span.Builder[500];
          for (int i = 0; i < spans.length; i++) {
            spans[i] = TestTraces.span("s").addEvents(TestTraces.event("e" + i));
            events++;
          }
          ClientCalls.blockingUnaryCall(ch, OtlpGrpcMethods.TRACE_EXPORT, CallOptions.DEFAULT,
              TestTraces.request(spans).toByteArray());
        }
      } finally {
        ch.shutdownNow();
      }
      relay.close();
      double delivered = relay.counter("relay.redis.published.messages") + relay.counter("relay.redis.stream.entries");
      double dropped = relay.counter("relay.redis.dropped.messages");
      assertThat(delivered + dropped).isEqualTo(2.0 * events);
      assertThat(Long.parseLong(redis.cli("XLEN", "burst-history")))
          .isEqualTo((long) relay.counter("relay.redis.stream.entries"));
    }
  }
}
