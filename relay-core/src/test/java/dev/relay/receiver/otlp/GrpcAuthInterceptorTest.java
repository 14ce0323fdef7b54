package dev.relay.receiver.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.relay.auth.AuthResult;
import dev.relay.auth.ServerAuthenticator;
import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The slow (bcrypt) check never runs off the receiver's pool: a call placed on the event loop whose quick answer went
 * away meanwhile is refused as retryable instead; on the pool, the full check runs.
 */
class GrpcAuthInterceptorTest {
  /** An authenticator that never knows quickly, and counts its full checks. */
  private static final class SlowOnly implements ServerAuthenticator {
    final AtomicInteger fullChecks = new AtomicInteger();

    @Override
    public AuthResult authenticate(HeaderLookup headers) {
      fullChecks.incrementAndGet();
      return new AuthResult(true, Map.of("username", "alice"), null);
    }

    @Override
    public AuthResult quickCheck(HeaderLookup headers) {
      return null;
    }

    @Override
    public String challenge() {
      return "Basic realm=\"relay\"";
    }
  }

  /** A server call that records how it was closed. */
  private static final class Recorded extends ServerCall<byte[], Object> {
    volatile Status closed;

    @Override
    public void request(int numMessages) {}

    @Override
    public void sendHeaders(Metadata headers) {}

    @Override
    public void sendMessage(Object message) {}

    @Override
    public void close(Status status, Metadata trailers) {
      closed = status;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @SuppressWarnings("unchecked")
    @Override
    public MethodDescriptor<byte[], Object> getMethodDescriptor() {
      return (MethodDescriptor<byte[], Object>) (MethodDescriptor<?, ?>) OtlpGrpcMethods.TRACE_EXPORT;
    }
  }

  /** The listener of a call that was started. */
  private static final class Started extends ServerCall.Listener<byte[]> {}

  @Test
  void offThePoolASlowCheckIsRefusedAsRetryableAndOnThePoolItRuns() throws Exception {
    SlowOnly authenticator = new SlowOnly();
    GrpcAuthInterceptor interceptor = new GrpcAuthInterceptor(
        new ReceiverAuth(authenticator, new SimpleMeterRegistry(), "otlp", "grpc"));
    AtomicInteger started = new AtomicInteger();

    Recorded onLoop = new Recorded();
    interceptor.interceptCall(onLoop, new Metadata(), (call, headers) -> {
      started.incrementAndGet();
      return new Started();
    });
    assertThat(onLoop.closed.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
    assertThat(authenticator.fullChecks.get()).isZero();
    assertThat(started.get()).isZero();

    Recorded onPool = new Recorded();
    var pool = CallPool.create("test-pool-");
    try {
      pool.submit(() -> interceptor.interceptCall(onPool, new Metadata(), (call, headers) -> {
        started.incrementAndGet();
        return new Started();
      })).get();
    } finally {
      pool.shutdown();
    }
    assertThat(onPool.closed).isNull();
    assertThat(authenticator.fullChecks.get()).isEqualTo(1);
    assertThat(started.get()).isEqualTo(1);
  }
}
