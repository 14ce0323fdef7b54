package dev.relay.processor.attributes;

import static dev.relay.testing.ConfigFixture.faults;
import static dev.relay.testing.ConfigFixture.parse;
import static dev.relay.testing.ConfigFixture.processor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;

/** The {@code attributes} processor's settings: actions and matches are checked when the config is read. */
class AttributesProcessorFactoryTest {
  private static String config(String processor, String signal) {
    return """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
        %s
        exporters:
          debug:
        service:
          pipelines:
            %s:
              receivers: [otlp]
              processors: [attributes]
              exporters: [debug]
        """.formatted(processor.stripTrailing().indent(2).stripTrailing(), signal);
  }

  @Test
  void actionsAloneApplyToEverything() throws Exception {
    AttributesConfig c = processor(parse(config("""
        attributes:
          actions:
            - {key: a, value: 1, action: insert}
        """, "traces")), "attributes");
    assertThat(c.actions().size()).isEqualTo(1);
    assertThat(c.include()).isNull();
    assertThat(c.exclude()).isNull();
  }

  @Test
  void everyKeyIsAccepted() throws Exception {
    AttributesConfig c = processor(parse(config("""
        attributes:
          actions:
            - {key: a, value: 1, action: insert}
            - {key: b, from_attribute: a, action: update}
            - {key: c, from_context: metadata.tenant, default_value: none, action: upsert}
            - {key: d, pattern: ^secret, action: delete}
            - {pattern: ^email, action: HASH}
            - {key: e, pattern: '^(?P<first>[a-z]+)', action: extract}
            - {key: f, action: convert, converted_type: double}
          include:
            match_type: regexp
            regexp: {cacheenabled: true, cachemaxnumentries: 100}
            services: [shop.*]
            span_names: [^GET]
            span_kinds: [SERVER]
            attributes: [{key: user, value: ^u}, {key: present}]
            resources: [{key: env, value: prod}]
            libraries: [{name: lib, version: ^1\\.}, {name: other}]
          exclude:
            match_type: strict
            span_kinds: [SPAN_KIND_CLIENT]
            attributes: [{key: retries, value: 3}]
        """, "traces")), "attributes");
    assertThat(c.actions().size()).isEqualTo(7);
    assertThat(c.actions().contextKeys()).containsExactly("metadata.tenant");
    assertThat(c.include().libraries()).hasSize(2);
    assertThat(c.exclude().attributes()).hasSize(1);
    assertThat(c.include().notForLogs()).isEqualTo("relay.yaml:16: processors.attributes.include.services:"
        + " services, span_names and span_kinds are not valid for log records");
    assertThat(c.include().notForSpans()).isNull();
  }

  @Test
  void logMatchesAreAccepted() throws Exception {
    AttributesConfig c = processor(parse(config("""
        attributes:
          actions:
            - {key: a, value: 1, action: insert}
          include:
            match_type: strict
            log_bodies: [done]
            log_severity_texts: [WARN]
            log_severity_number: {min: 13, match_undefined: true}
            attributes: [{key: present}]
        """, "logs")), "attributes");
    assertThat(c.include().severity()).isEqualTo(new MatchProperties.SeverityMatch(13, true));
    assertThat(c.include().notForSpans()).isEqualTo("relay.yaml:9: processors.attributes.include.log_bodies:"
        + " log_bodies, log_severity_texts and log_severity_number are not valid for spans");
  }

  @Test
  void anAttributeWithoutValueNeedsNoMatchType() throws Exception {
    AttributesConfig c = processor(parse(config("""
        attributes:
          actions:
            - {key: a, value: 1, action: insert}
          include:
            attributes: [{key: present}]
        """, "traces")), "attributes");
    assertThat(c.include().attributes()).hasSize(1);
  }

  @Test
  void faultsNameTheEntryAndKey() {
    String yaml = """
        receivers:
          otlp: {protocols: {grpc: {}}}
        processors:
          attributes/bad:
            actions:
              - {key: a, action: explode}
              - {value: 1, action: insert}
              - {key: a, action: insert}
              - {key: a, value: 1, from_attribute: b, action: upsert}
              - {key: a, value: 1, pattern: x, action: update}
              - {action: delete}
              - {key: a, value: 1, action: hash}
              - {key: a, pattern: '(', action: delete}
              - {key: a, action: extract}
              - {key: a, pattern: '([0-9])', action: extract}
              - {key: a, pattern: '(?P<x>a)(b)', action: extract}
              - {key: a, pattern: '(?=a)(?P<x_y>a)', action: extract}
              - {key: a, action: convert}
              - {key: a, action: convert, converted_type: float}
              - {key: a, action: insert, value: 1, colour: red}
              - {key: a, value: 1}
            include:
              services: [shop]
            exclude:
              match_type: fuzzy
              attributes:
                - {key: user, value: 1}
                - {value: x}
          attributes/empty:
            include:
              match_type: regexp
              span_names: ['(']
              span_kinds: [x]
              log_bodies: [x]
              attributes: [{key: a, value: 1}]
          attributes/nothing:
            actions:
              - {key: a, value: 1, action: insert}
            exclude:
              match_type: strict
            include:
              match_type: strict
              span_kinds: [SERVER]
        exporters:
          debug:
        service:
          pipelines:
            traces:
              receivers: [otlp]
              processors: [attributes/bad, attributes/empty, attributes/nothing]
              exporters: [debug]
        """;
    String actions = "insert, update, upsert, delete, hash, extract, convert";
    String p = "processors.attributes/bad.";
    assertThat(faults(yaml)).containsExactly(
        "relay.yaml:6: " + p + "actions[0].action: 'explode' is not one of " + actions,
        "relay.yaml:7: " + p + "actions[1]: 'key' is required for insert",
        "relay.yaml:8: " + p + "actions[2]: insert needs one of 'value', 'from_attribute', 'from_context' or"
            + " 'default_value'",
        "relay.yaml:9: " + p + "actions[3].from_attribute: only one of 'value', 'from_attribute' and 'from_context'"
            + " may be set",
        "relay.yaml:10: " + p + "actions[4].pattern: 'pattern' is not used by update",
        "relay.yaml:11: " + p + "actions[5]: delete needs 'key', 'pattern' or both",
        "relay.yaml:12: " + p + "actions[6].value: 'value' is not used by hash",
        "relay.yaml:13: " + p + "actions[7].pattern: invalid regular expression \"(\": missing closing ): `(`",
        "relay.yaml:14: " + p + "actions[8]: extract needs 'pattern', a regular expression with named groups",
        "relay.yaml:15: " + p + "actions[9].pattern: the pattern has a group without a name: name each, as in"
            + " (?P<name>...)",
        "relay.yaml:16: " + p + "actions[10].pattern: the pattern has a group without a name: name each, as in"
            + " (?P<name>...)",
        "relay.yaml:17: " + p + "actions[11].pattern: invalid regular expression \"(?=a)(?P<x_y>a)\": invalid or"
            + " unsupported Perl syntax: `(?=`",
        "relay.yaml:18: " + p + "actions[12]: convert needs 'converted_type': int, double or string",
        "relay.yaml:19: " + p + "actions[13].converted_type: 'float' is not one of int, double, string",
        "relay.yaml:20: " + p + "actions[14].colour: unknown key 'colour' (known keys here: action, converted_type,"
            + " default_value, from_attribute, from_context, key, pattern, value)",
        "relay.yaml:21: " + p + "actions[15]: 'action' is required: one of " + actions,
        "relay.yaml:22: " + p + "include: 'match_type' is required: strict or regexp",
        "relay.yaml:28: " + p + "exclude.attributes[1]: 'key' is required and must not be empty",
        "relay.yaml:25: " + p + "exclude.match_type: 'fuzzy' is not one of strict, regexp",
        "relay.yaml:29: processors.attributes/empty: 'actions' is required: a list of at least one action ("
            + actions + ")",
        "relay.yaml:34: processors.attributes/empty.include.log_bodies: services, span_names and span_kinds match"
            + " spans, and log_bodies, log_severity_texts and log_severity_number match log records: one match"
            + " cannot have both",
        "relay.yaml:32: processors.attributes/empty.include.span_names[0]: invalid regular expression \"(\":"
            + " missing closing ): `(`",
        "relay.yaml:35: processors.attributes/empty.include.attributes[0].value: with match_type regexp, the value"
            + " for 'a' must be a string",
        "relay.yaml:43: processors.attributes/nothing.include.span_kinds[0]: 'SERVER' is not a span kind: with"
            + " match_type strict, one of SPAN_KIND_CLIENT, SPAN_KIND_CONSUMER, SPAN_KIND_INTERNAL,"
            + " SPAN_KIND_PRODUCER, SPAN_KIND_SERVER",
        "relay.yaml:39: processors.attributes/nothing.exclude: give at least one of services, span_names,"
            + " span_kinds, log_bodies, log_severity_texts, log_severity_number, attributes, resources or libraries");
  }

  @Test
  void aMatchForLogRecordsCannotBeBuiltForSpans() {
    String yaml = config("""
        attributes:
          actions:
            - {key: a, value: 1, action: insert}
          include:
            match_type: strict
            log_severity_texts: [WARN]
        """, "traces");
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> TestRelay.start(yaml));
    assertThat(e).hasMessage("test.yaml:9: processors.attributes.include.log_severity_texts: log_bodies,"
        + " log_severity_texts and log_severity_number are not valid for spans");
  }

  @Test
  void aMatchForSpansCannotBeBuiltForLogRecords() {
    String yaml = config("""
        attributes:
          actions:
            - {key: a, value: 1, action: insert}
          exclude:
            match_type: regexp
            span_names: [x]
        """, "logs");
    IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class, () -> TestRelay.start(yaml));
    assertThat(e).hasMessage("test.yaml:9: processors.attributes.exclude.span_names: services, span_names and"
        + " span_kinds are not valid for log records");
  }
}
