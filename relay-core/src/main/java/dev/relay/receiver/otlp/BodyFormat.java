package dev.relay.receiver.otlp;

import java.util.Locale;

/** How a body is encoded, from its Content-Type; errors are answered in the same encoding. */
enum BodyFormat {
  PROTOBUF, JSON, OTHER;

  static final String PROTOBUF_TYPE = "application/x-protobuf";
  static final String JSON_TYPE = "application/json";

  static BodyFormat of(String contentType) {
    if (contentType == null) {
      return OTHER;
    }
    int semi = contentType.indexOf(';');
    String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    return switch (mime) {
      case PROTOBUF_TYPE -> PROTOBUF;
      case JSON_TYPE -> JSON;
      default -> OTHER;
    };
  }
}
