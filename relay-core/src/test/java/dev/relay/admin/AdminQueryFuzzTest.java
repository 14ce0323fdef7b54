package dev.relay.admin;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** The admin server's query parsing on any URI: an {@code /activity/stream} request, or a 400's message. */
class AdminQueryFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void activityRequest(byte[] input) {
    // The query, then optionally a line break and a Last-Event-ID.
    String text = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    int nl = text.indexOf('\n');
    String query = nl < 0 ? text : text.substring(0, nl);
    String lastEventId = nl < 0 ? null : text.substring(nl + 1);
    try {
      ActivityRequest.parse("/activity/stream?" + query, lastEventId);
    } catch (ActivityRequest.Invalid e) {
      // answered 400 with this message
    }
  }
}
