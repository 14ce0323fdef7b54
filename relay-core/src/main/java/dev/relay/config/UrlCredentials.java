package dev.relay.config;

import java.util.regex.Pattern;

/** Masks the user part of URLs ({@code scheme://user:password@host}) in text that is printed. */
public final class UrlCredentials {
  private static final Pattern USER_INFO = Pattern.compile("//[^/@]*@");

  private UrlCredentials() {}

  /** {@code text} with whatever stands between {@code //} and {@code @} replaced by {@code ***}. */
  public static String mask(String text) {
    return USER_INFO.matcher(text).replaceAll("//***@");
  }
}
