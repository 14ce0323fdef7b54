package dev.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.relay.testing.Await;
import dev.relay.testing.Sdk;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRedisCluster;
import dev.relay.testing.TestRelay;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** A 3-node Redis Cluster: SPUBLISH by slot to sharded subscribers, and streams spread over the nodes. */
class RedisClusterIT {
  @Test
  void shardedChannelsAndStreamsAcrossTheCluster() throws Exception {
    assumeTrue(TestRedisCluster.available(), "needs redis-server and redis-cli on PATH");
    try (TestRedisCluster cluster = TestRedisCluster.start(); TempoStub tempo = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpReceiver()
            .otlpExporter("otlp", tempo)
            .exporter("redis", """
                cluster: true
                endpoints: [%s]
                routes:
                  - channel: 'call:{{ span.attributes["call"] }}'
                    sharded: true
                    stream: 'history:{{ span.attributes["call"] }}'
                    payload:
                      e: name
                """.formatted(cluster.seed()))
            .pipeline("traces", List.of("otlp"), List.of("otlp", "redis")))) {
      List<String> calls = List.of("a", "b", "c", "d", "e", "f", "g", "h");
      RedisClusterClient client = RedisClusterClient.create(RedisURI.create(cluster.seed()));
      List<String> received = new CopyOnWriteArrayList<>();
      StatefulRedisClusterPubSubConnection<String, String> sub = client.connectPubSub();
      sub.addListener(new RedisClusterPubSubAdapter<>() {
        @Override
        public void smessage(RedisClusterNode node, String channel, String message) {
          received.add(channel + " " + message);
        }
      });
      try {
        for (String call : calls) {
          sub.sync().ssubscribe("call:" + call);
        }
        // Pub/sub is at most once: what is published before the relay has reached the cluster is dropped, by design.
        Await.until(Duration.ofSeconds(20), "the relay connected to the cluster",
            () -> "connected".equals(relay.graph().states().get("exporter/redis")));
        try (Sdk sdk = new Sdk(relay.grpcPort("otlp"))) {
          for (String call : calls) {
            Span span = sdk.tracer().spanBuilder("s").setAttribute("call", call).startSpan();
            span.addEvent("gateway." + call, Attributes.empty());
            span.end();
          }
          sdk.flush();
        }
        Await.until(Duration.ofSeconds(20), "every sharded message; " + relay.meters().getMetersAsString(),
            () -> received.size() == calls.size());
        assertThat(received).containsExactlyInAnyOrderElementsOf(
            calls.stream().map(c -> "call:" + c + " {\"e\":\"gateway." + c + "\"}").toList());
        Await.until(Duration.ofSeconds(20), "every stream entry",
            () -> relay.counter("relay.redis.stream.entries") == calls.size());
        Set<String> owners = new HashSet<>();
        for (String call : calls) {
          assertThat(cluster.cliCluster("XLEN", "history:" + call)).isEqualTo("1");
          owners.add(cluster.cliCluster("CLUSTER", "KEYSLOT", "history:" + call));
        }
        assertThat(owners).hasSizeGreaterThan(1);
        assertThat(tempo.spanCount()).isEqualTo(calls.size());
      } finally {
        sub.close();
        client.shutdown();
      }
    }
  }
}
