package dev.relay.testing;

import dev.relay.otlp.OtlpGrpcMethods;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The well-behaved OTLP/gRPC client beside the hostile ones: each export is retried on {@code UNAVAILABLE} (the
 * relay's retryable refusal) after a short backoff, as OTLP exporters do, a bounded number of times; any other
 * failure is an error. It counts the spans it got accepted and the retries it needed.
 */
public final class GoodClient implements AutoCloseable {
  private final ManagedChannel channel;
  private final int maxAttempts;
  private final long backoffMillis;
  private final AtomicLong acceptedSpans = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();

  public GoodClient(int grpcPort, int maxAttempts, long backoffMillis) {
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    this.maxAttempts = maxAttempts;
    this.backoffMillis = backoffMillis;
  }

  /** Exports {@code request}, of {@code spans} spans, until it is accepted. */
  public void export(byte[] request, int spans) throws InterruptedException {
    for (int attempt = 1; ; attempt++) {
      try {
        ClientCalls.blockingUnaryCall(channel, OtlpGrpcMethods.TRACE_EXPORT,
            CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS), request);
        acceptedSpans.addAndGet(spans);
        return;
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || attempt >= maxAttempts) {
          throw new IllegalStateException("good export failed after " + attempt + " attempts: " + e.getStatus(), e);
        }
        retries.incrementAndGet();
        Thread.sleep(backoffMillis); // the client's backoff, not synchronisation
      }
    }
  }

  public long acceptedSpans() {
    return acceptedSpans.get();
  }

  public long retries() {
    return retries.get();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }
}
