package dev.relay.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The authenticators' verdicts on headers, without a network. */
class AuthenticatorsTest {
  private static ServerAuthenticator.HeaderLookup headers(Map<String, String> h) {
    return h::get;
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void bearerTokensAreComparedWithTheirSchemeInTheirHeader() throws Exception {
    try (Authenticators a = Authenticators.start(List.of(
        new BearerTokenSettings("b", "Token", "X-Key", List.of("one", "two"), null)))) {
      ServerAuthenticator server = a.server("b");
      assertThat(server.authenticate(headers(Map.of("x-key", "Token two"))).authenticated()).isTrue();
      assertThat(server.authenticate(headers(Map.of("x-key", "Token one"))).identity()).isEmpty();
      assertThat(server.authenticate(headers(Map.of("x-key", "Bearer one"))).reason())
          .isEqualTo(AuthResult.INVALID);
      assertThat(server.authenticate(headers(Map.of("authorization", "Token one"))).reason())
          .isEqualTo(AuthResult.MISSING);
      assertThat(a.client("b").headers()).isEqualTo(Map.of("x-key", "Token one"));
      assertThat(server.challenge()).isEqualTo("Token realm=\"relay\"");
    }
  }

  @Test
  void basicAuthRemembersACheckedBcryptCredentialSoTheQuickCheckCanAnswer() throws Exception {
    String hash = BCrypt.withDefaults().hashToString(4, "pw".toCharArray());
    try (Authenticators a = Authenticators.start(List.of(
        new BasicAuthSettings("s", Map.of("alice", hash, "carol", "plain-pw"), null, null, null),
        new BasicAuthSettings("c", Map.of(), null, "alice", "pw")))) {
      ServerAuthenticator server = a.server("s");
      var good = headers(Map.of("authorization", basic("alice", "pw")));
      assertThat(server.quickCheck(good)).as("bcrypt not checked yet").isNull();
      assertThat(server.authenticate(good).identity()).isEqualTo(Map.of("username", "alice"));
      assertThat(server.quickCheck(good).identity()).isEqualTo(Map.of("username", "alice"));
      assertThat(server.authenticate(headers(Map.of("authorization", basic("alice", "nope")))).reason())
          .isEqualTo(AuthResult.INVALID);
      assertThat(server.quickCheck(headers(Map.of("authorization", basic("carol", "plain-pw")))).authenticated())
          .as("plain text, as the Collector's htpasswd library accepts").isTrue();
      assertThat(server.quickCheck(headers(Map.of("authorization", "Basic !!"))).reason())
          .isEqualTo(AuthResult.INVALID);
      assertThat(server.quickCheck(headers(Map.of())).reason()).isEqualTo(AuthResult.MISSING);
      assertThat(a.client("c").headers()).isEqualTo(Map.of("authorization", basic("alice", "pw")));
    }
  }

  @Test
  void aPreparedChangeReachesWhatComponentsAlreadyHoldOnlyWhenApplied() throws Exception {
    try (Authenticators a = Authenticators.start(List.of(
        new BearerTokenSettings("b", "Bearer", "Authorization", List.of("old"), null),
        new BearerTokenSettings("gone", "Bearer", "Authorization", List.of("x"), null)))) {
      ServerAuthenticator held = a.server("b"); // as a receiver holds it
      ClientAuthenticator signing = a.client("b"); // as an exporter holds it
      var old = headers(Map.of("authorization", "Bearer old"));
      var rotated = headers(Map.of("authorization", "Bearer new"));

      Authenticators.Update update = a.prepare(List.of(
          new BearerTokenSettings("b", "Bearer", "Authorization", List.of("new"), null),
          new BearerTokenSettings("added", "Bearer", "Authorization", List.of("y"), null)));
      assertThat(held.authenticate(old).authenticated()).as("not applied yet").isTrue();
      assertThat(a.server("added").authenticate(headers(Map.of("authorization", "Bearer y"))).authenticated())
          .as("a new id is offered at once, to the components the reload builds").isTrue();

      update.apply();
      assertThat(held.authenticate(rotated).authenticated()).isTrue();
      assertThat(held.authenticate(old).reason()).isEqualTo(AuthResult.INVALID);
      assertThat(signing.headers()).isEqualTo(Map.of("authorization", "Bearer new"));
      assertThat(a.server("b")).isSameAs(held);
      assertThatThrownBy(() -> a.server("gone")).isInstanceOf(IllegalStateException.class);
    }
  }
}
