package org.proximity.gateway.radio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactTest {
  @Test
  void scrub_objectPathsAndAddresses_areReplaced() {
    assertEquals(
        "Method failed on /org/bluez/hci0/dev_<redacted>: does not exist",
        Redact.scrub("Method failed on /org/bluez/hci0/dev_5A_11_22_33_44_55: does not exist"));
    assertEquals("device <address> gone, <address> too", Redact.scrub("device 5A:11:22:33:44:55 gone, 5a-11-22-33-44-66 too"));
    assertEquals("adapter hci0 is not powered", Redact.scrub("adapter hci0 is not powered"));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "5A:11:22:33:44:55", "5a-11-22-33-44-55", "5A_11_22_33_44_55", "5A.11.22.33.44.55",
      "5A1122334455", "5a1122334455", "5a11.2233.4455"})
  void scrub_everyWayOfWritingAnAddress_isReplaced(String mac) {
    assertEquals("seen <address>.", Redact.scrub("seen " + mac + "."));
    assertEquals("path /org/bluez/hci0/hci0_<address> gone", Redact.scrub("path /org/bluez/hci0/hci0_" + mac + " gone"));
    assertEquals("<address>:ok", Redact.scrub(mac + ":ok"));
  }

  @Test
  void scrub_longerHexRunsAndWords_areKept() {
    // record ids (32 hex), key ids (8 hex) and words that happen to be hex are not addresses
    String text = "record 0f1e2d3c4b5a69788796a5b4c3d2e1f0 key 5f560cb5 deadbeefcafe1 hci0 adapter";
    assertEquals(text, Redact.scrub(text));
  }

  @Test
  void scrub_exception_keepsTheClassAndScrubsTheMessage() {
    assertEquals("IllegalStateException: no dev_<redacted>",
        Redact.scrub(new IllegalStateException("no dev_AA_BB_CC_DD_EE_FF")));
  }
}
