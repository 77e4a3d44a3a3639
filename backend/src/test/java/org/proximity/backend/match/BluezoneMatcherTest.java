package org.proximity.backend.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.proximity.backend.bluezone.BluezoneKey;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.rollingid.BluezoneKeySchedule;
import org.proximity.contract.rollingid.SiteRootKey;

/**
 * Bluezone matching: IDs only for slots inside {@code [time_start, time_end]}, the daily key chain
 * across midnight, and a record matching only within its ID's own slot.
 */
class BluezoneMatcherTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final SiteRootKey ROOT = SiteRootKey.parseHex("3c".repeat(32));
  private static final byte[] DAILY = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  private static final Instant DAY = Instant.parse("2024-10-04T00:00:00Z");
  private static final long SLOT = 900;

  /** The ID of {@code slot} on the day {@code days} after {@link #DAY}, from the published key's chain. */
  private static byte[] id(int days, int slot) {
    return BluezoneKeySchedule.bluezoneId(BluezoneKeySchedule.dailyKey(DAILY, days), slot);
  }

  private static Instant slotStart(int days, int slot) {
    return DAY.plusSeconds(86_400L * days + SLOT * slot);
  }

  private static StoredRecord heard(int days, int slot, Instant first, Instant last) {
    return Heard.bluezone(ROOT, "station", id(days, slot), first, last);
  }

  private static StoredRecord heardInSlot(int days, int slot) {
    return heard(days, slot, slotStart(days, slot).plusSeconds(60), slotStart(days, slot).plusSeconds(500));
  }

  private static Matcher matcher(Instant timeStart, Instant timeEnd, int max) {
    return Matcher.bluezone(List.of(new BluezoneKey(DAILY, timeStart.getEpochSecond(), timeEnd.getEpochSecond(), max)),
        SiteKeys.forEverySite(ROOT));
  }

  @Test
  void match_slotsInsideTheWindow_acrossMidnightWithTheNextDailyKey() {
    Matcher m = matcher(DAY, DAY.plusSeconds(86_400 + 6 * 3600), 96); // day 0 and day 1 until 06:00
    assertEquals(1, m.match(heardInSlot(0, 0)).size());
    assertEquals(1, m.match(heardInSlot(0, 95)).size());
    List<Exposure> e = m.match(heardInSlot(1, 4));
    assertEquals(1, e.size(), "day 1 slot 4 (01:00) from D(d+1) = SHA-256(D(d))");
    assertEquals(HEX.formatHex(DAILY), e.get(0).keyHex(), "the key as published");
    assertTrue(e.get(0).txPower().isEmpty());
    assertEquals(1, m.match(heardInSlot(1, 24)).size(), "the slot starting at time_end is inside");
    assertEquals(0, m.match(heardInSlot(1, 25)).size(), "after time_end");
    assertEquals(0, m.match(heardInSlot(2, 4)).size(), "the day after: outside");
    assertEquals(96 + 25, m.stats().candidates());
  }

  @Test
  void match_windowStartingAtNoon_morningSlotsNeverMatch() {
    Matcher m = matcher(DAY.plusSeconds(12 * 3600), DAY.plusSeconds(18 * 3600), 96);
    assertEquals(0, m.match(heardInSlot(0, 10)).size());
    assertEquals(0, m.match(heardInSlot(0, 46)).size(), "the slot ending 11:45, before time_start");
    assertEquals(1, m.match(heardInSlot(0, 47)).size(), "the slot ending at time_start touches it");
    assertEquals(1, m.match(heardInSlot(0, 60)).size());
    assertEquals(1, m.match(heardInSlot(0, 72)).size(), "18:00, the slot starting at time_end");
    assertEquals(0, m.match(heardInSlot(0, 73)).size());
  }

  @Test
  void match_idHeardOutsideItsOwnSlot_notMatched() {
    Matcher m = matcher(DAY, DAY.plusSeconds(86_399), 96);
    Instant s10 = slotStart(0, 10);
    Instant end10 = slotStart(0, 11);
    assertEquals(1, m.match(heard(0, 10, end10, end10)).size(), "both ends included, as the app does");
    assertEquals(0, m.match(heard(0, 10, end10.plusSeconds(1), end10.plusSeconds(100))).size());
    assertEquals(0, m.match(heard(0, 10, s10.minusSeconds(200), s10.minusSeconds(1))).size());
    assertEquals(1, m.match(heard(0, 10, s10.minusSeconds(200), s10)).size());
    assertEquals(2, m.stats().outsideWindow());
  }

  @Test
  void match_otherMax_slotsOfThatLength() {
    Matcher m = matcher(DAY, DAY.plusSeconds(86_399), 48); // 30-minute slots
    byte[] id7 = BluezoneKeySchedule.bluezoneId(DAILY, 7); // 03:30-04:00
    Instant s7 = DAY.plusSeconds(1800 * 7);
    assertEquals(1, m.match(Heard.bluezone(ROOT, "station", id7, s7.plusSeconds(1700), s7.plusSeconds(1790))).size());
    assertEquals(0, m.match(Heard.bluezone(ROOT, "station", id7, s7.plusSeconds(1801), s7.plusSeconds(1802))).size());
  }

  @Test
  void match_gaenRecordWithTheSameBytes_neverABluezoneMatch() {
    Matcher m = matcher(DAY, DAY.plusSeconds(86_399), 96);
    StoredRecord bz = heardInSlot(0, 3);
    assertEquals(1, m.match(bz).size());
    StoredRecord asGaen = new StoredRecord(bz.site(), bz.gateway(), bz.bucket(),
        new EncounterRecord(bz.record().id(), "gaen", bz.record().first(),
            bz.record().last(), 1, Heard.RSSI, "00000000"));
    assertEquals(0, m.match(asGaen).size());
  }
}
