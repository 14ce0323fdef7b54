package dev.relay.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * The server's certificate and key, replaceable while connections are being made. Each generation has its own
 * alias, and the previous generation stays readable, so a handshake that chose an alias just before a swap still
 * gets that alias's key and chain together.
 */
final class ReloadingKeyManager extends X509ExtendedKeyManager {
  private static final char[] NO_PASSWORD = new char[0];

  private record Generation(String alias, X509KeyManager keys) {}

  private volatile Generation current;
  private volatile Generation previous;
  private int generations;

  ReloadingKeyManager(PrivateKey key, X509Certificate[] chain) throws GeneralSecurityException {
    set(key, chain);
  }

  /** New connections present {@code chain}; called by one thread at a time. */
  synchronized void set(PrivateKey key, X509Certificate[] chain) throws GeneralSecurityException {
    String alias = "relay-" + (++generations);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try {
      store.load(null, null);
    } catch (java.io.IOException e) {
      throw new GeneralSecurityException(e);
    }
    store.setKeyEntry(alias, key, NO_PASSWORD, chain);
    // SunX509 hands out aliases as stored (PKIX would prefix them) and checks the key type a cipher suite needs.
    KeyManagerFactory factory = KeyManagerFactory.getInstance("SunX509");
    factory.init(store, NO_PASSWORD);
    previous = current;
    current = new Generation(alias, (X509KeyManager) factory.getKeyManagers()[0]);
  }

  /** The chain new connections get. */
  X509Certificate[] currentChain() {
    Generation c = current;
    return c.keys.getCertificateChain(c.alias);
  }

  private X509KeyManager keysOf(String alias) {
    Generation c = current;
    if (c.alias.equals(alias)) {
      return c.keys;
    }
    Generation p = previous;
    return p != null && p.alias.equals(alias) ? p.keys : null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return current.keys.chooseServerAlias(keyType, issuers, null);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return current.keys.chooseServerAlias(keyType, issuers, socket);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return current.keys.getServerAliases(keyType, issuers);
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    X509KeyManager keys = keysOf(alias);
    return keys == null ? null : keys.getCertificateChain(alias);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    X509KeyManager keys = keysOf(alias);
    return keys == null ? null : keys.getPrivateKey(alias);
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return null; // a server's key manager
  }

  @Override
  public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
    return null;
  }
}
