package dev.relay.ottl;

import java.util.ArrayList;
import java.util.List;

/**
 * One CSV row as contrib's {@code ParseCSV} reads it (Go's {@code encoding/csv}, then parseutils.ReadCSVRow):
 * quoted fields may hold the delimiter, {@code ""} and newlines; an unquoted newline does not end the row but
 * continues the field it is in; empty lines are skipped, and {@code \r\n} reads as {@code \n}. Lazy quotes let a
 * quote stand inside an unquoted field and a stray quote inside a quoted one. As Go's reader does, a malformed
 * field ends its line's record with the fields before it (so the count no longer matches the headers); a line
 * whose first field is malformed is an error.
 */
final class CsvRow {
  private static final String BAD_QUOTED = "extraneous or missing \" in quoted-field";
  private static final String BARE_QUOTE = "bare \" in non-quoted-field";

  private CsvRow() {}

  static List<String> read(String row, char delimiter, boolean lazyQuotes) {
    String s = row.replace("\r\n", "\n");
    int n = s.length();
    List<List<String>> lines = new ArrayList<>();
    int i = 0;
    while (i < n) {
      if (s.charAt(i) == '\n') {
        i++; // an empty line
        continue;
      }
      List<String> record = new ArrayList<>();
      while (true) {
        StringBuilder field = new StringBuilder();
        String error = null;
        if (s.charAt(Math.min(i, n - 1)) == '"' && i < n) {
          i++;
          boolean closed = false;
          while (i < n && error == null && !closed) {
            char c = s.charAt(i);
            if (c != '"') {
              field.append(c);
              i++;
            } else if (i + 1 < n && s.charAt(i + 1) == '"') {
              field.append('"');
              i += 2;
            } else if (i + 1 == n || s.charAt(i + 1) == delimiter || s.charAt(i + 1) == '\n') {
              i++;
              closed = true;
            } else if (lazyQuotes) {
              field.append('"');
              i++;
            } else {
              error = BAD_QUOTED;
            }
          }
          if (!closed && error == null && !lazyQuotes) {
            error = BAD_QUOTED;
          }
        } else {
          while (i < n && s.charAt(i) != delimiter && s.charAt(i) != '\n' && error == null) {
            if (s.charAt(i) == '"' && !lazyQuotes) {
              error = BARE_QUOTE;
            } else {
              field.append(s.charAt(i++));
            }
          }
        }
        if (error != null) {
          if (record.isEmpty()) {
            throw new OttlRuntimeException("ParseCSV: read csv line: " + error);
          }
          int nl = s.indexOf('\n', i);
          i = nl < 0 ? n : nl + 1;
          break;
        }
        record.add(field.toString());
        if (i < n && s.charAt(i) == delimiter) {
          i++;
          continue;
        }
        if (i < n && s.charAt(i) == '\n') {
          i++;
        }
        break;
      }
      lines.add(record);
    }
    if (lines.isEmpty()) {
      throw new OttlRuntimeException("ParseCSV: no csv lines found");
    }
    List<String> joined = new ArrayList<>(lines.get(0));
    for (int l = 1; l < lines.size(); l++) {
      List<String> next = lines.get(l);
      joined.set(joined.size() - 1, joined.get(joined.size() - 1) + "\n" + next.get(0));
      joined.addAll(next.subList(1, next.size()));
    }
    return joined;
  }
}
