package org.proximity.gateway.radio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RedactTest {
  @Test
  void scrub_objectPathsAndAddresses_areReplaced() {
    assertEquals(
        "Method failed on /org/bluez/hci0/dev_<redacted>: does not exist",
        Redact.scrub("Method failed on /org/bluez/hci0/dev_5A_11_22_33_44_55: does not exist"));
    assertEquals("device <address> gone, <address> too", Redact.scrub("device 5A:11:22:33:44:55 gone, 5a-11-22-33-44-66 too"));
    assertEquals("adapter hci0 is not powered", Redact.scrub("adapter hci0 is not powered"));
  }

  @Test
  void scrub_exception_keepsTheClassAndScrubsTheMessage() {
    assertEquals("IllegalStateException: no dev_<redacted>",
        Redact.scrub(new IllegalStateException("no dev_AA_BB_CC_DD_EE_FF")));
  }
}
