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
      description = "The relay's admin endpoint (service.admin.endpoint). Default: ${DEFAULT-VALUE}.")
  String admin;

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
      uri = URI.create("http://" + admin + "/tap?" + query);
    } catch (IllegalArgumentException e) {
      err.println("relay tap: '" + admin + "' is not a host:port endpoint");
      return RelayMain.EXIT_USAGE;
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<InputStream> res;
    try {
      res = http.send(HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      err.println("relay tap: cannot reach the admin server at " + admin + ": " + e.getMessage());
      return RelayMain.EXIT_RUNTIME;
    }
    try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
      if (res.statusCode() != 200) {
        StringBuilder body = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
          body.append(line);
        }
        err.println("relay tap: " + res.statusCode() + ": " + body);
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

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
