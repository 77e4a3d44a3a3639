package org.proximity.contract.rollingid;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EnIntervalNumberTest {

  @Test
  void of_officialKeyGenerationTime_isOfficialEnin() {
    // docs/gaen.md#test-vectors: 1585785600 = 2020-04-02T00:00Z -> 2642976
    assertEquals(2642976, EnIntervalNumber.of(Instant.ofEpochSecond(1585785600L)));
  }

  @Test
  void of_lastSecondOfInterval_staysInInterval() {
    assertEquals(2642976, EnIntervalNumber.of(Instant.ofEpochSecond(1585785600L + 599, 999_999_999)));
    assertEquals(2642977, EnIntervalNumber.of(Instant.ofEpochSecond(1585785600L + 600)));
  }

  @Test
  void of_beforeEpoch_floorsDown() {
    assertEquals(-1, EnIntervalNumber.of(Instant.ofEpochSecond(-1)));
  }

  @Test
  void start_interval_isItsFirstInstant() {
    assertEquals(Instant.ofEpochSecond(1585785600L), EnIntervalNumber.start(2642976));
    assertEquals(2642977, EnIntervalNumber.of(EnIntervalNumber.start(2642977)));
  }

  @Test
  void rollingStart_midDay_isUtcMidnightInterval() {
    assertEquals(2642976, EnIntervalNumber.rollingStart(2642976 + 143));
    assertEquals(2642976 + 144, EnIntervalNumber.rollingStart(2642976 + 144));
  }
}
