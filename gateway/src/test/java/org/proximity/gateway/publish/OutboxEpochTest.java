package org.proximity.gateway.publish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one epoch generator and the one check of its form, shared by the memory and the file outbox. */
class OutboxEpochTest {

  @Test
  void newEpoch_isEightLowerCaseHexCharacters_andDiffersEachTime() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      String e = Outbox.newEpoch();
      assertTrue(Outbox.isEpoch(e), e);
      seen.add(e);
    }
    // 100 draws from 2^32: a repeat has odds of about one in a million
    assertEquals(100, seen.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5f2c91a", "5f2c91ab0", "5F2C91AB", "5f2c91ag", " 5f2c91a", "5f2c-1ab"})
  void isEpoch_otherForms_areRefused(String text) {
    assertFalse(Outbox.isEpoch(text), text);
  }

  @Test
  void isEpoch_theDocumentedExample_isAccepted() {
    assertTrue(Outbox.isEpoch("5f2c91ab"));
  }
}
