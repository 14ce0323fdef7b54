package dev.relay.exporter.otlphttp;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An answer's body, of which the first {@link OtlpHttpSender#MAX_RESPONSE_BYTES} are kept: a peer's error page
 * cannot fill the heap, and the rest is still read so the connection can be reused.
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
  static final HttpResponse.BodyHandler<byte[]> HANDLER = info -> new BoundedBody(OtlpHttpSender.MAX_RESPONSE_BYTES);

  private final int max;
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private final java.util.concurrent.CompletableFuture<byte[]> result = new java.util.concurrent.CompletableFuture<>();

  BoundedBody(int max) {
    this.max = max;
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return result;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    for (ByteBuffer b : items) {
      int take = Math.min(b.remaining(), max - kept.size());
      if (take > 0) {
        byte[] chunk = new byte[take];
        b.get(chunk);
        kept.write(chunk, 0, take);
      }
    }
  }

  @Override
  public void onError(Throwable throwable) {
    result.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    result.complete(kept.toByteArray());
  }
}
