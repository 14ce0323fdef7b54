package dev.relay.exporter.otlp;

import dev.relay.auth.ClientAuthenticator;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Adds the client authenticator's headers to each call, as they are when the call starts. */
final class AuthHeaders implements ClientInterceptor {
  private final ClientAuthenticator auth;
  private final Map<String, Metadata.Key<String>> keys = new ConcurrentHashMap<>();

  AuthHeaders(ClientAuthenticator auth) {
    this.auth = auth;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void start(Listener<R> listener, Metadata headers) {
        for (Map.Entry<String, String> h : auth.headers().entrySet()) {
          Metadata.Key<String> key =
              keys.computeIfAbsent(h.getKey(), k -> Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER));
          headers.discardAll(key);
          headers.put(key, h.getValue());
        }
        super.start(listener, headers);
      }
    };
  }
}
