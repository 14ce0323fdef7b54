package dev.relay.receiver.otlp;

import dev.relay.auth.AuthResult;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks each gRPC call's credentials before its request is read: a call without valid ones is closed
 * {@code UNAUTHENTICATED}; an accepted one carries what the authenticator said about the client in {@link #CLIENT}.
 * A call whose credentials need the slow (bcrypt) check is started on the receiver's pool ({@link #isQuick}), so
 * that check never runs on Netty's event loop.
 */
final class GrpcAuthInterceptor implements ServerInterceptor {
  /** The authenticated client's attributes, for the call's request context. */
  static final Context.Key<Map<String, String>> CLIENT = Context.key("relay-authenticated-client");

  private final ReceiverAuth auth;
  /** Metadata keys by header name: the authenticator asks for one or two names, so this stays tiny. */
  private final Map<String, Metadata.Key<String>> keys = new ConcurrentHashMap<>();

  GrpcAuthInterceptor(ReceiverAuth auth) {
    this.auth = auth;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    AuthResult result = auth.authenticator().quickCheck(name -> headers.get(key(name)));
    if (result == null && !CallPool.onPool()) {
      // The quick answer went away since the call was placed on the event loop (the users changed): no bcrypt
      // there. The client retries, and its next call is placed on the pool.
      call.close(Status.UNAVAILABLE.withDescription("credentials are being rechecked; retry"), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (result == null) {
      result = auth.authenticator().authenticate(name -> headers.get(key(name)));
    }
    if (!result.authenticated()) {
      auth.refused(result);
      call.close(Status.UNAUTHENTICATED.withDescription(ReceiverAuth.message(result)), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(CLIENT, result.identity()), call, headers, next);
  }

  /** Whether the call's credentials can be checked without slow work, so on the event loop. */
  boolean isQuick(Metadata headers) {
    return auth.authenticator().quickCheck(name -> headers.get(key(name))) != null;
  }

  private Metadata.Key<String> key(String name) {
    return keys.computeIfAbsent(name, n -> Metadata.Key.of(n, Metadata.ASCII_STRING_MARSHALLER));
  }
}
