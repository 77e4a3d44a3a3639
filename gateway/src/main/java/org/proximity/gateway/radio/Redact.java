package org.proximity.gateway.radio;

import java.util.regex.Pattern;

/**
 * Scrubs text from libraries (D-Bus errors, TinyB exceptions) before it is logged: BlueZ object
 * paths ({@code /org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF}) and anything shaped like a MAC address
 * are replaced, since addresses never leave RAM. A MAC counts whatever its separators ({@code :}
 * {@code -} {@code _} {@code .}, none at all, or dotted quads {@code aabb.ccdd.eeff}) and whatever
 * precedes it ({@code hci0_AA_BB_…}): only a letter or digit right before or after keeps a run of
 * hex digits from being an address.
 */
public final class Redact {
  private static final Pattern DEVICE_PATH = Pattern.compile("dev(_[0-9A-Fa-f]{2}){6}");
  private static final String HEX2 = "[0-9A-Fa-f]{2}";
  private static final Pattern MAC = Pattern.compile("(?<![0-9A-Za-z])(?:"
      + HEX2 + "(?:[:_.-]" + HEX2 + "){5}"
      + "|[0-9A-Fa-f]{4}(?:\\.[0-9A-Fa-f]{4}){2}"
      + "|[0-9A-Fa-f]{12}"
      + ")(?![0-9A-Za-z])");

  private Redact() {}

  public static String scrub(String text) {
    if (text == null) {
      return "null";
    }
    return MAC.matcher(DEVICE_PATH.matcher(text).replaceAll("dev_<redacted>")).replaceAll("<address>");
  }

  /** An exception as class and scrubbed message. */
  public static String scrub(Throwable t) {
    return t.getClass().getSimpleName() + ": " + scrub(t.getMessage());
  }
}
