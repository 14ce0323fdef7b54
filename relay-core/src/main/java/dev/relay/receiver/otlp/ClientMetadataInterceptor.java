package dev.relay.receiver.otlp;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * With {@code include_metadata}: puts a call's metadata (its text headers; binary ones, ending {@code -bin}, are left
 * out) in the call's context, from where the receiver passes it to the pipeline as the client's metadata, as the
 * Collector does for processors such as {@code batch} with {@code metadata_keys}.
 */
final class ClientMetadataInterceptor implements ServerInterceptor {
  static final Context.Key<Map<String, List<String>>> METADATA = Context.key("relay-client-metadata");

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
      ServerCallHandler<Q, R> next) {
    Map<String, List<String>> metadata = new HashMap<>();
    for (String key : headers.keys()) {
      if (!key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
        Iterable<String> values = headers.getAll(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
        if (values != null) {
          List<String> list = new java.util.ArrayList<>();
          values.forEach(list::add);
          metadata.put(key, list);
        }
      }
    }
    return Contexts.interceptCall(Context.current().withValue(METADATA, Map.copyOf(metadata)), call, headers, next);
  }
}
