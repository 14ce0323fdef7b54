package dev.relay.service;

import dev.relay.auth.AuthExtensionSettings;
import dev.relay.auth.AuthReference;
import dev.relay.pipeline.Configured;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Checks every {@code auth: {authenticator: <id>}} in the config against the auth extensions listed in
 * {@code service.extensions}: the id must be one of them (as in the Collector, an extension that is defined but
 * not listed does not run), and of the right side (a listener needs one that checks requests, an exporter one that
 * signs them). Each fault is at the {@code authenticator} key.
 */
final class AuthReferences {
  private AuthReferences() {}

  static void check(Map<String, AuthExtensionSettings> listed, Collection<? extends Configured<?>> receivers,
      Collection<? extends Configured<?>> exporters, Object admin) {
    List<AuthReference> refs = new ArrayList<>();
    for (Configured<?> c : receivers) {
      collect(c.config(), refs);
    }
    for (Configured<?> c : exporters) {
      collect(c.config(), refs);
    }
    collect(admin, refs);
    for (AuthReference ref : refs) {
      AuthExtensionSettings e = listed.get(ref.authenticator());
      if (e == null) {
        ref.at().problem("authenticator '" + ref.authenticator() + "' is not an auth extension listed in"
            + " service.extensions" + (listed.isEmpty() ? " (none is)" : " (listed: "
            + String.join(", ", listed.keySet()) + ")"));
      } else if (ref.server() && !e.serves()) {
        ref.at().problem("'" + ref.authenticator() + "' authenticates an exporter (client_auth); checking"
            + " clients needs htpasswd");
      } else if (!ref.server() && !e.signs()) {
        ref.at().problem("'" + ref.authenticator() + "' checks clients (htpasswd); an exporter needs a basicauth"
            + " with client_auth, or a bearertokenauth");
      }
    }
  }

  private static void collect(Object config, List<AuthReference> refs) {
    if (config instanceof AuthReference.Holder h) {
      refs.addAll(h.authReferences());
    }
  }
}
