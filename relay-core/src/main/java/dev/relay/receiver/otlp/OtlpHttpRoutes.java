package dev.relay.receiver.otlp;

import com.google.rpc.Code;
import dev.relay.component.ComponentId;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The paths a receiver serves and their signals; the path of a signal no pipeline carries is refused with why. */
final class OtlpHttpRoutes {
  private final ComponentId id;
  /** Served paths and their signals. */
  private final Map<String, OtlpHttpSignal> served = new LinkedHashMap<>();
  /** Paths of signals that no pipeline of this receiver carries, by path: answered 404 with a reason. */
  private final Map<String, String> unserved = new LinkedHashMap<>();

  OtlpHttpRoutes(ComponentId id, OtlpHttpConfig config, Map<String, OtlpHttpSignal> signals) {
    this.id = id;
    add(config.tracesUrlPath(), "traces", signals);
    add(config.logsUrlPath(), "logs", signals);
    add(config.metricsUrlPath(), "metrics", signals);
  }

  private void add(String path, String signal, Map<String, OtlpHttpSignal> signals) {
    OtlpHttpSignal s = signals.get(signal);
    if (s != null) {
      served.put(path, s);
    } else {
      unserved.put(path, signal);
    }
  }

  /** The signal served at {@code path} (without its query); a 404 refusal when there is none. */
  OtlpHttpSignal signal(String path) throws HttpRefusal {
    OtlpHttpSignal signal = served.get(path);
    if (signal == null) {
      String missing = unserved.get(path);
      throw new HttpRefusal(HttpResponseStatus.NOT_FOUND, Code.NOT_FOUND, missing == null
          ? "no such path: " + path + " (OTLP/HTTP serves " + String.join(", ", served.keySet()) + ")"
          : path + " is for " + missing + ", and no " + missing + " pipeline uses receiver " + id
              + " (this receiver serves " + String.join(", ", served.keySet()) + ")");
    }
    return signal;
  }

  /** The served paths, in the order traces, logs, metrics. */
  Set<String> paths() {
    return served.keySet();
  }
}
