package dev.relay.config;

import java.util.regex.Pattern;

/**
 * Masks the user part of URLs ({@code scheme://user:password@host}) in text that is printed, with the same
 * {@link Secret#MASK} as every other secret: {@code redis://[REDACTED]@host:6379}.
 */
public final class UrlCredentials {
  private static final Pattern USER_INFO = Pattern.compile("//[^/@\\s]*@");
  private static final String REPLACEMENT = "//" + java.util.regex.Matcher.quoteReplacement(Secret.MASK) + "@";

  private UrlCredentials() {}

  /** {@code text} with whatever stands between {@code //} and {@code @} replaced by {@link Secret#MASK}. */
  public static String mask(String text) {
    return text == null || text.indexOf('@') < 0 ? text : USER_INFO.matcher(text).replaceAll(REPLACEMENT);
  }
}
