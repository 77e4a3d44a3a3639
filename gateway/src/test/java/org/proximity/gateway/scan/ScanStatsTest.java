package org.proximity.gateway.scan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.ad.DeviceKind;

class ScanStatsTest {
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private static final byte[] A = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  private static final byte[] B = {12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};

  @Test
  void snapshot_ratesOverTenFullSeconds_histogramByBin() {
    ScanStats s = new ScanStats();
    for (int sec = 0; sec < 10; sec++) {
      for (int i = 0; i < 3; i++) {
        s.record(T0.plusSeconds(sec), DeviceKind.APPLE, null, 100 + i, -75);
      }
    }
    s.record(T0.plusSeconds(10), DeviceKind.APPLE, null, 1, -30); // the current second: not yet counted
    ScanStats.Snapshot snap = s.snapshot(T0.plusMillis(10_500));
    assertEquals(3.0, snap.advertsPerSecond().get(DeviceKind.APPLE), 1e-9);
    assertArrayEquals(new long[] {0, 0, 30, 0, 0, 0, 0}, snap.histograms().get(DeviceKind.APPLE));
    assertEquals(4, snap.distinctAddresses());
  }

  @Test
  void snapshot_idsForgottenAfterAMinute_strongestOnlyFromTheLastTenSeconds() {
    ScanStats s = new ScanStats();
    s.record(T0, DeviceKind.BLUEZONE, A, 1, -40);
    s.record(T0.plusSeconds(20), DeviceKind.BLUEZONE, A, 1, -80);
    s.record(T0.plusSeconds(25), DeviceKind.BLUEZONE, B, 2, -70);
    s.record(T0.plusSeconds(25), DeviceKind.GAEN, B, 3, -65);
    ScanStats.Snapshot at28 = s.snapshot(T0.plusSeconds(28));
    assertEquals(1, at28.distinctIds().get(DeviceKind.GAEN));
    assertEquals(2, at28.distinctIds().get(DeviceKind.BLUEZONE), "one per ID, per kind");
    assertEquals(List.of(-70, -80), at28.strongest().get(DeviceKind.BLUEZONE), "A's -40 is older than 10 s");
    ScanStats.Snapshot at85 = s.snapshot(T0.plusSeconds(85));
    assertNull(at85.distinctIds().get(DeviceKind.BLUEZONE), "A last seen at 20 s, B at 25 s: both gone");
    assertEquals(0, at85.distinctAddresses());
    assertFalse(at85.strongest().containsKey(DeviceKind.GAEN));
  }

  @Test
  void bin_edges() {
    assertEquals(0, ScanStats.bin(-91));
    assertEquals(1, ScanStats.bin(-90));
    assertEquals(1, ScanStats.bin(-81));
    assertEquals(6, ScanStats.bin(-40));
    assertEquals(6, ScanStats.bin(0));
  }
}
