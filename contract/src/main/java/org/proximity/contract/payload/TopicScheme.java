package org.proximity.contract.payload;

import java.util.regex.Pattern;

/**
 * The MQTT topics of one gateway: {@code <prefix>/<site>/<gateway>/<leaf>}. Each part must be a
 * non-empty topic level without the separator or wildcards (MQTT 3.1.1, 4.7).
 */
public record TopicScheme(String prefix, String site, String gateway) {
  private static final Pattern LEVEL = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  public TopicScheme {
    check("mqtt.topic_prefix", prefix);
    check("site", site);
    check("gateway", gateway);
  }

  private static void check(String key, String value) {
    if (value == null || !LEVEL.matcher(value).matches()) {
      throw new IllegalArgumentException(
          key + " must be 1-64 characters from A-Z a-z 0-9 . _ -, was \"" + value + "\"");
    }
  }

  public String encounters() {
    return base() + "/encounters";
  }

  public String status() {
    return base() + "/status";
  }

  public String health() {
    return base() + "/health";
  }

  public String crowd() {
    return base() + "/crowd";
  }

  /** selftest's retained commissioning report. */
  public String commissioning() {
    return base() + "/commissioning";
  }

  /** selftest's ACL probe: published and read back, never retained. */
  public String commissioningProbe() {
    return commissioning() + "/probe";
  }

  private String base() {
    return prefix + "/" + site + "/" + gateway;
  }
}
