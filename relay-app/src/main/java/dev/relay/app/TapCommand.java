package dev.relay.app;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code relay tap}: prints what flows through a running relay's pipeline, one JSON object per line, from the admin
 * server's {@code /tap} stream. Drops the server reports go to stderr.
 */
@Command(name = "tap", mixinStandardHelpOptions = true,
    description = "Print the items flowing through a running relay's pipeline as JSON lines.")
final class TapCommand implements Callable<Integer> {
  @Option(names = "--admin", defaultValue = "localhost:13133",
      description = "The relay's admin endpoint (service.admin.endpoint), or https://host:port when it has tls."
          + " Default: ${DEFAULT-VALUE}.")
  String admin;

  @Option(names = "--cacert", description = "A PEM CA file to verify an https admin server by (default: the JVM's).")
  java.nio.file.Path cacert;

  /** The Authorization header for an admin server with auth; from the environment, so it is not in ps or history. */
  static final String AUTHORIZATION_ENV = "RELAY_ADMIN_AUTHORIZATION";

  /** Where environment variables are read; a test's seam. */
  static java.util.function.UnaryOperator<String> environment = System::getenv;

  @Option(names = "--pipeline", defaultValue = "traces",
      description = "The pipeline to watch, e.g. traces, logs or traces/name. Default: ${DEFAULT-VALUE}.")
  String pipeline;

  @Option(names = "--match", description = "An OTTL condition in the span, log or metric context.")
  String match;

  @Option(names = "--rate", description = "At most this many items a second (the server's default is 100).")
  Integer rate;

  @Option(names = "--count", description = "Stop after printing this many items.")
  Long count;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    StringBuilder query = new StringBuilder("pipeline=").append(enc(pipeline));
    if (match != null) {
      query.append("&match=").append(enc(match));
    }
    if (rate != null) {
      query.append("&rate=").append(rate);
    }
    URI uri;
    try {
      String base = admin.startsWith("http://") || admin.startsWith("https://") ? admin : "http://" + admin;
      uri = URI.create(base + "/tap?" + query);
    } catch (IllegalArgumentException e) {
      err.println("relay tap: '" + admin + "' is not a host:port endpoint");
      return RelayMain.EXIT_USAGE;
    }
    HttpClient.Builder client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
    String authorization = environment.apply(AUTHORIZATION_ENV);
    if (authorization != null && !authorization.isBlank()) {
      request.header("Authorization", authorization.trim());
    }
    HttpResponse<InputStream> res;
    try {
      if (cacert != null) {
        client.sslContext(trusting(cacert));
      }
      res = client.build().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException | java.security.GeneralSecurityException e) {
      err.println("relay tap: cannot reach the admin server at " + admin + ": " + e.getMessage());
      return RelayMain.EXIT_RUNTIME;
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      if (res.statusCode() != 200) {
        StringBuilder body = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
          body.append(line);
        }
        err.println("relay tap: " + res.statusCode() + ": " + body + (res.statusCode() == 401
            ? " (set " + AUTHORIZATION_ENV + " to the Authorization header, e.g. 'Bearer <token>')" : ""));
        return res.statusCode() == 400 || res.statusCode() == 404 ? RelayMain.EXIT_USAGE : RelayMain.EXIT_RUNTIME;
      }
      long printed = 0;
      boolean droppedEvent = false;
      for (String line; (line = in.readLine()) != null; ) {
        if (line.equals("event: dropped")) {
          droppedEvent = true;
        } else if (line.startsWith("data: ")) {
          if (droppedEvent) {
            err.println("relay tap: the server dropped items over the rate: " + line.substring(6));
            droppedEvent = false;
          } else {
            out.println(line.substring(6));
            out.flush();
            if (count != null && ++printed >= count) {
              return RelayMain.EXIT_OK;
            }
          }
        }
      }
      err.println("relay tap: the relay closed the stream");
      return RelayMain.EXIT_OK;
    } catch (IOException e) {
      err.println("relay tap: the stream broke: " + e.getMessage());
      return RelayMain.EXIT_RUNTIME;
    }
  }

  private static javax.net.ssl.SSLContext trusting(java.nio.file.Path caFile)
      throws IOException, java.security.GeneralSecurityException {
    java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
    store.load(null, null);
    try (InputStream in = java.nio.file.Files.newInputStream(caFile)) {
      int i = 0;
      for (var cert : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, cert);
      }
    }
    var trust = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
