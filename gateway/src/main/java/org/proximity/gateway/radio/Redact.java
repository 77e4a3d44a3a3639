package org.proximity.gateway.radio;

import java.util.regex.Pattern;

/**
 * Scrubs text from libraries (D-Bus errors, TinyB exceptions) before it is logged: BlueZ object
 * paths ({@code /org/bluez/hci0/dev_AA_BB_CC_DD_EE_FF}) and anything shaped like a MAC address
 * are replaced, since addresses never leave RAM.
 */
public final class Redact {
  private static final Pattern DEVICE_PATH = Pattern.compile("dev(_[0-9A-Fa-f]{2}){6}");
  private static final Pattern MAC = Pattern.compile("\\b[0-9A-Fa-f]{2}([:_-][0-9A-Fa-f]{2}){5}\\b");

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
