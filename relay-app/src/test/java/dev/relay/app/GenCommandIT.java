package dev.relay.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.testing.Await;
import dev.relay.testing.FreePorts;
import dev.relay.testing.TempoStub;
import dev.relay.testing.TestConfig;
import dev.relay.testing.TestRelay;
import io.grpc.Status;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** {@code relay gen} run in-process against a real OTLP/gRPC server, and through a relay for logs. */
class GenCommandIT {
  record Result(int code, String out, String err, Duration took) {}

  static Result gen(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] full = new String[args.length + 1];
    full[0] = "gen";
    System.arraycopy(args, 0, full, 1, args.length);
    long t0 = System.nanoTime();
    int code = RelayMain.execute(full, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString(), Duration.ofNanos(System.nanoTime() - t0));
  }

  private static long seq(List<KeyValue> attributes) {
    return attributes.stream().filter(kv -> kv.getKey().equals("gen.seq")).findFirst().orElseThrow()
        .getValue().getIntValue();
  }

  private static Set<Long> expectedSeqs(int n) {
    return LongStream.range(0, n).boxed().collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void tracesAtARateForADurationSendExactlyRateTimesDuration() {
    try (TempoStub tempo = TempoStub.start()) {
      Result r = gen("--endpoint", tempo.endpoint(), "--rate", "200", "--duration", "1s", "--batch", "7",
          "--workers", "3");
      assertThat(r.code()).as(r.err()).isZero();
      // Every call was answered before gen returned: nothing is in flight.
      List<Span> spans = tempo.spans();
      assertThat(spans).hasSize(200);
      Set<Long> seqs = spans.stream().map(s -> seq(s.getAttributesList())).collect(Collectors.toCollection(TreeSet::new));
      assertThat(seqs).isEqualTo(expectedSeqs(200));
      assertThat(spans).allSatisfy(s -> {
        assertThat(s.getEventsCount()).isEqualTo(1);
        assertThat(s.getEvents(0).getName()).isEqualTo("gen.event");
        assertThat(s.getTraceId().size()).isEqualTo(16);
      });
      assertThat(tempo.requests()).hasSize(29); // 28 of 7 and one of 4
      // The last batch is due at 196/200 s: paced, not sent at once.
      assertThat(r.took()).isGreaterThan(Duration.ofMillis(950));
      assertThat(r.out()).startsWith("relay gen: sent 200 spans in 29 requests in ")
          .contains("to " + tempo.endpoint() + "; 0 requests failed (0 spans)");
    }
  }

  @Test
  void logRecordsWithAnEventNameThroughARelayLogsPipeline() throws Exception {
    try (TempoStub backend = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpReceiver()
            .otlpExporter("otlp", backend)
            .pipeline("logs", List.of("otlp"), List.of("otlp")))) {
      Result r = gen("--endpoint", "127.0.0.1:" + relay.grpcPort("otlp"), "--signal", "logs", "--rate", "200",
          "--duration", "1s", "--event-name", "policy.decision", "--workers", "2");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("relay gen: sent 200 log records in 20 requests in ");
      Await.until(Duration.ofSeconds(10), "200 log records at the backend", () -> backend.logRecords().size() >= 200);
      List<LogRecord> records = backend.logRecords();
      assertThat(records).hasSize(200);
      assertThat(records).allSatisfy(l -> assertThat(l.getEventName()).isEqualTo("policy.decision"));
      Set<Long> seqs = records.stream().map(l -> seq(l.getAttributesList())).collect(Collectors.toCollection(TreeSet::new));
      assertThat(seqs).isEqualTo(expectedSeqs(200));
    }
  }

  @Test
  void logRecordsOverOtlpHttp() throws Exception {
    try (TempoStub backend = TempoStub.start();
        TestRelay relay = TestRelay.start(new TestConfig()
            .otlpHttpReceiver()
            .otlpExporter("otlp", backend)
            .pipeline("logs", List.of("otlp"), List.of("otlp")))) {
      Result r = gen("--protocol", "http", "--endpoint", "127.0.0.1:" + relay.httpPort("otlp"), "--signal", "logs",
          "--rate", "0", "--count", "90", "--duration", "0", "--batch", "30", "--workers", "3");
      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out()).startsWith("relay gen: sent 90 log records in 3 requests in ");
      Await.until(Duration.ofSeconds(10), "90 log records at the backend", () -> backend.logRecords().size() >= 90);
      Set<Long> seqs = backend.logRecords().stream().map(l -> seq(l.getAttributesList()))
          .collect(Collectors.toCollection(TreeSet::new));
      assertThat(seqs).isEqualTo(expectedSeqs(90));
      Result refused = gen("--protocol", "http", "--endpoint", "127.0.0.1:" + relay.httpPort("otlp"),
          "--rate", "0", "--count", "10", "--duration", "0");
      assertThat(refused.code()).isEqualTo(1); // no traces pipeline uses this receiver: 404
      assertThat(refused.err()).contains("relay gen: 1 x HTTP 404");
    }
  }

  @Test
  void failedRequestsAreReportedAndExitOne() {
    try (TempoStub tempo = TempoStub.start()) {
      tempo.failNext(() -> Status.UNAVAILABLE.withDescription("busy").asRuntimeException(),
          () -> Status.UNAVAILABLE.withDescription("busy").asRuntimeException(),
          () -> Status.INVALID_ARGUMENT.withDescription("bad").asRuntimeException());
      Result r = gen("--endpoint", tempo.endpoint(), "--rate", "0", "--count", "50", "--duration", "0",
          "--batch", "10");
      assertThat(r.code()).isEqualTo(1);
      assertThat(tempo.spanCount()).isEqualTo(20);
      assertThat(r.out()).startsWith("relay gen: sent 20 spans in 2 requests in ")
          .contains("; 3 requests failed (30 spans)");
      assertThat(r.err()).contains("relay gen: 2 x UNAVAILABLE: busy").contains("relay gen: 1 x INVALID_ARGUMENT: bad");
    }
    Result dead = gen("--endpoint", "127.0.0.1:" + FreePorts.next(), "--count", "5", "--duration", "0",
        "--rate", "0", "--timeout", "2s");
    assertThat(dead.code()).isEqualTo(1);
    assertThat(dead.out()).contains("sent 0 spans in 0 requests").contains("1 requests failed (5 spans)");
    assertThat(dead.err()).contains("x UNAVAILABLE");
  }

  @Test
  void badUsageExitsTwo() {
    Result quic = gen("--protocol", "quic");
    assertThat(quic.code()).isEqualTo(2);
    assertThat(quic.err()).isEqualTo("relay gen: unknown --protocol 'quic' (known: grpc, http)"
        + System.lineSeparator());
    assertThat(gen("--rate", "-1").err()).startsWith("relay gen: --rate must be 0 or more");
    assertThat(gen("--rate", "-1").code()).isEqualTo(2);
    assertThat(gen("--duration", "soon").code()).isEqualTo(2);
    assertThat(gen("--duration", "0").err()).startsWith("relay gen: --duration must be more than 0, or 0 with a --count");
    assertThat(gen("--signal", "metrics").code()).isEqualTo(2);
  }
}
