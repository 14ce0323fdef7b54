package dev.relay.ottl;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What to say about a function name Relay does not know: whether the Collector has it (so Relay refuses it by name,
 * with the reason), or else which known name is closest, as a typo usually is.
 */
public final class FunctionNames {
  /** The standard editors and converters of contrib's pkg/ottl/ottlfuncs, and the context-specific ones. */
  static final Set<String> COLLECTOR = Set.of(
      // editors
      "append", "delete_index", "delete_key", "delete_matching_keys", "keep_matching_keys", "flatten", "keep_keys",
      "limit", "merge_maps", "replace_all_matches", "replace_all_patterns", "replace_match", "replace_pattern", "set",
      "stringify_all", "truncate_all",
      // converters
      "All", "Any", "Base64Decode", "Base64Encode", "Bool", "Decode", "Coalesce", "CommunityID", "Concat",
      "ContainsValue", "ConvertCase", "ConvertAttributesToElementsXML", "ConvertTextToElementsXML", "Day", "Double",
      "Duration", "ExtractPatterns", "ExtractGrokPatterns", "Filter", "Find", "FNV", "Format", "FormatTime", "GetXML",
      "HasPrefix", "HasSuffix", "Hex", "Hour", "Hours", "Index", "InsertXML", "Int", "IsBool", "IsDouble", "IsEmpty",
      "IsInCIDR", "IsInt", "IsRootSpan", "IsMap", "IsMatch", "IsList", "IsString", "Keys", "Len", "Log",
      "IsValidLuhn", "MapEach", "MapKeys", "MD5", "Microseconds", "Milliseconds", "Minute", "Minutes", "Month",
      "Murmur3Hash", "Murmur3Hash128", "Nanosecond", "Nanoseconds", "Now", "ParseCSV", "ParseInt", "ParseJSON",
      "ParseKeyValue", "ParseSeverity", "ParseSimplifiedXML", "ParseXML", "ProfileID", "Reduce", "RemoveXML",
      "Second", "Seconds", "SHA1", "SHA256", "SHA512", "SliceToMap", "Sort", "SpanID", "Split", "String",
      "Substring", "Time", "ToCamelCase", "ToKeyValueString", "ToLowerCase", "ToSnakeCase", "ToUpperCase", "TraceID",
      "Trim", "TrimPrefix", "TrimSuffix", "TruncateTime", "Unix", "UnixMicro", "UnixMilli", "UnixNano",
      "UnixSeconds", "URL", "UserAgent", "UUID", "UUIDv7", "Values", "Weekday", "When", "XXH3", "XXH128", "Year",
      // the transform processor's context-specific functions
      "set_semconv_span_name", "convert_sum_to_gauge", "convert_gauge_to_sum", "convert_summary_count_val_to_sum",
      "convert_summary_sum_val_to_sum", "convert_summary_quantile_val_to_gauge", "copy_metric", "scale_metric",
      "aggregate_on_attributes", "aggregate_on_attribute_value", "extract_count_metric", "extract_sum_metric",
      "convert_exponential_histogram_to_histogram", "extract_percentile_metric", "merge_histogram_buckets",
      "ParseCEF", "ParseCLF", "ParseELF", "ParseLEEF");

  /** Why some of the Collector's functions are refused outright, rather than not done yet. */
  private static final Map<String, String> REFUSED = Map.ofEntries(
      Map.entry("ProfileID", "Relay has no profiles signal"));

  /** Functions only some contexts have, and which. */
  private static final Map<String, String> CONTEXT_ONLY = Map.ofEntries(
      Map.entry("IsRootSpan", "the span context"), Map.entry("set_semconv_span_name", "the span context"),
      Map.entry("convert_sum_to_gauge", "the metric context"), Map.entry("convert_gauge_to_sum", "the metric context"),
      Map.entry("copy_metric", "the metric context"), Map.entry("scale_metric", "the metric context"),
      Map.entry("extract_sum_metric", "the metric context"), Map.entry("extract_count_metric", "the metric context"),
      Map.entry("aggregate_on_attributes", "the metric context"),
      Map.entry("aggregate_on_attribute_value", "the metric context"),
      Map.entry("convert_summary_count_val_to_sum", "the datapoint context"),
      Map.entry("convert_summary_sum_val_to_sum", "the datapoint context"),
      Map.entry("convert_summary_quantile_val_to_gauge", "the metric context"),
      Map.entry("merge_histogram_buckets", "the datapoint context"),
      Map.entry("extract_percentile_metric", "the metric context"),
      Map.entry("convert_exponential_histogram_to_histogram", "the metric context"),
      Map.entry("ParseCEF", "the log context"), Map.entry("ParseCLF", "the log context"),
      Map.entry("ParseELF", "the log context"), Map.entry("ParseLEEF", "the log context"));

  private FunctionNames() {}

  /**
   * The fault for a call of {@code name} at 0-based {@code pos}, which none of {@code known} is: unsupported when the
   * Collector has it, else unknown, with the closest known name when one is close.
   */
  public static OttlException unknown(String name, int pos, Collection<String> known) {
    String at = " at column " + (pos + 1);
    if (CONTEXT_ONLY.containsKey(name) && !known.isEmpty()) {
      return new OttlException("function '" + name + "'" + at + " is not available in this context: only "
          + CONTEXT_ONLY.get(name) + " has it");
    }
    if (COLLECTOR.contains(name)) {
      String why = REFUSED.get(name);
      return new OttlException("function '" + name + "'" + at + " is not supported by Relay: "
          + (why != null ? why : "it is not implemented yet; see docs/ottl.md for the functions Relay has"));
    }
    String closest = closest(name, known);
    return new OttlException("unknown function '" + name + "'" + at
        + (closest == null ? "" : "; did you mean '" + closest + "'?"));
  }

  /** The known name nearest to {@code name} (edit distance, ignoring case), if near enough to be a typo. */
  static String closest(String name, Collection<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
      if (d < bestDistance || (d == bestDistance && best != null && k.compareTo(best) < 0)) {
        best = k;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(2, name.length() / 3) ? best : null;
  }

  /** Levenshtein distance, with adjacent transpositions counting one (delete_kye is one step from delete_key). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
