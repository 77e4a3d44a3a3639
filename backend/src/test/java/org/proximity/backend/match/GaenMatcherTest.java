package org.proximity.backend.match;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.proximity.backend.export.DiagnosisKey;
import org.proximity.backend.export.ReportType;
import org.proximity.contract.payload.EncounterRecord;
import org.proximity.contract.rollingid.SiteRootKey;

/**
 * GAEN matching with the official v1.2 vectors (TEK valid 2020-04-02, metadata TX +8 dBm): every
 * RPI, the ±2 h window at its edges and across midnight, per-site root keys and the AEM.
 */
class GaenMatcherTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final GaenVectors V = new GaenVectors();
  private static final SiteRootKey ROOT = SiteRootKey.parseHex("5a".repeat(32));
  private static final SiteRootKey OTHER_ROOT = SiteRootKey.parseHex("a5".repeat(32));
  private static final DiagnosisKey KEY = DiagnosisKey.ofDay(V.tek, V.rollingStart);

  private static Instant start(int i) {
    return Instant.ofEpochSecond(600L * (V.rollingStart + i));
  }

  private static StoredRecord heard(int i, Instant first, Instant last) {
    return Heard.gaen(ROOT, "station", V.rpi[i], V.aem[i], first, last);
  }

  @Test
  void match_everyRpiOfTheVectorsHeardInItsInterval_oneExposureEachWithTxPowerFromTheAem() {
    Matcher m = Matcher.gaen(List.of(KEY), SiteKeys.forEverySite(ROOT));
    int matched = 0;
    for (int i = 0; i < 144; i++) {
      StoredRecord r = heard(i, start(i).plusSeconds(30), start(i).plusSeconds(400));
      List<Exposure> e = m.match(r);
      assertEquals(1, e.size(), "RPI " + i);
      assertEquals(HEX.formatHex(V.tek), e.get(0).keyHex());
      assertEquals(KeyKind.GAEN, e.get(0).kind());
      assertEquals(GaenVectors.TX_POWER, e.get(0).txPower().getAsInt(), "TX power of RPI " + i);
      assertEquals(GaenVectors.TX_POWER - Heard.RSSI.median(), e.get(0).attenuationDb().getAsInt());
      assertEquals(370, e.get(0).durationSeconds());
      matched++;
    }
    assertEquals(144, matched);
    assertEquals(144, m.stats().matched());
    // 144 intervals, plus the 12 at each end whose window reaches into the neighbouring day
    assertEquals(144 + 24, m.stats().candidates());
  }

  @Test
  void match_windowEdges_twoHoursEachSideIncludedNotASecondMore() {
    Matcher m = Matcher.gaen(List.of(KEY), SiteKeys.forEverySite(ROOT));
    int i = 70; // 11:40-11:50 on 2020-04-02
    Instant from = start(i).minusSeconds(7200);
    Instant to = start(i).plusSeconds(600 + 7200); // exclusive
    assertEquals(1, m.match(heard(i, from, from.plusSeconds(5))).size(), "last sighting exactly 2 h before");
    assertEquals(0, m.match(heard(i, from.minusSeconds(65), from.minusSeconds(1))).size(), "ends a second early");
    assertEquals(1, m.match(heard(i, to.minusSeconds(1), to.minusSeconds(1))).size(), "last second of the window");
    assertEquals(0, m.match(heard(i, to, to.plusSeconds(9))).size(), "starts at the window's end");
    assertEquals(2, m.stats().outsideWindow());
  }

  @Test
  void match_acrossMidnight_hashedUnderTheDayKeyOfWhereTheRecordFell() {
    Matcher m = Matcher.gaen(List.of(KEY), SiteKeys.forEverySite(ROOT));
    // RPI 0 (00:00-00:10 on 04-02) heard at 22:30 on 04-01: a bucket of the previous day, K(d-1)
    Instant eve = Instant.parse("2020-04-01T22:30:00Z");
    assertEquals(1, m.match(heard(0, eve, eve.plusSeconds(60))).size());
    // RPI 143 (23:50-24:00 on 04-02) heard at 01:45 on 04-03, under K(d+1)
    Instant after = Instant.parse("2020-04-03T01:45:00Z");
    assertEquals(1, m.match(heard(143, after, after.plusSeconds(60))).size());
    // RPI 20 (03:20) is never a candidate on the previous day
    assertEquals(0, m.match(heard(20, eve, eve.plusSeconds(60))).size());
    assertEquals(0, m.stats().outsideWindow(), "RPI 20 under K(d-1) is no candidate at all");
  }

  @Test
  void match_rollingPeriodShorterThanADay_laterIntervalsNeverMatch() {
    Matcher m = Matcher.gaen(List.of(new DiagnosisKey(V.tek, V.rollingStart, 72, ReportType.CONFIRMED_TEST)),
        SiteKeys.forEverySite(ROOT));
    assertEquals(1, m.match(heard(71, start(71), start(71).plusSeconds(60))).size());
    assertEquals(0, m.match(heard(72, start(72), start(72).plusSeconds(60))).size());
  }

  @Test
  void match_otherRootKeyOrSiteWithoutKey_nothing() {
    StoredRecord atStation = heard(10, start(10), start(10).plusSeconds(60));
    assertEquals(0, Matcher.gaen(List.of(KEY), SiteKeys.forEverySite(OTHER_ROOT)).match(atStation).size());

    Matcher perSite = Matcher.gaen(List.of(KEY), SiteKeys.perSite(Map.of("station", ROOT, "depot", OTHER_ROOT)));
    assertEquals(1, perSite.match(atStation).size());
    StoredRecord atDepot = Heard.gaen(OTHER_ROOT, "depot", V.rpi[11], V.aem[11], start(11), start(11).plusSeconds(9));
    assertEquals(1, perSite.match(atDepot).size(), "the depot's records under the depot's key");
    StoredRecord depotKeyAtStation = Heard.gaen(OTHER_ROOT, "station", V.rpi[11], V.aem[11], start(11), start(11));
    assertEquals(0, perSite.match(depotKeyAtStation).size(), "a station record hashed under another site's key");
    StoredRecord unknownSite = Heard.gaen(ROOT, "harbour", V.rpi[12], V.aem[12], start(12), start(12));
    assertEquals(0, perSite.match(unknownSite).size());
    assertEquals(1, perSite.stats().noRootKey());
  }

  @Test
  void match_alteredAem_matchedWithoutTxPower() {
    Matcher m = Matcher.gaen(List.of(KEY), SiteKeys.forEverySite(ROOT));
    StoredRecord r = heard(5, start(5), start(5).plusSeconds(60));
    EncounterRecord rec = r.record();
    String flipped = (rec.aem().charAt(0) == '0' ? "8" : "0") + rec.aem().substring(1); // version bits changed
    StoredRecord altered = new StoredRecord(r.site(), r.gateway(), r.bucket(), new EncounterRecord(
        rec.id(), rec.kind(), rec.first(), rec.last(), rec.sightings(), rec.rssi(), flipped));
    List<Exposure> e = m.match(altered);
    assertEquals(1, e.size());
    assertTrue(e.get(0).txPower().isEmpty());
    assertTrue(e.get(0).attenuationDb().isEmpty());
    assertEquals(1, m.stats().aemUnreadable());
  }

  @Test
  void match_manyKeys_eachRecordOnlyToItsOwnKey() {
    List<DiagnosisKey> keys = new ArrayList<>();
    for (int k = 0; k < 200; k++) {
      byte[] tek = new byte[16];
      tek[0] = (byte) k;
      tek[1] = 1;
      keys.add(DiagnosisKey.ofDay(tek, V.rollingStart));
    }
    keys.add(KEY);
    keys.add(KEY); // a duplicate key gives one line, not two
    Matcher m = Matcher.gaen(keys, SiteKeys.forEverySite(ROOT));
    List<Exposure> all = m.matchAll(List.of(heard(1, start(1), start(1)), heard(99, start(99), start(99))));
    assertEquals(2, all.size());
    assertTrue(all.stream().allMatch(x -> x.keyHex().equals(HEX.formatHex(V.tek))));
    assertEquals(201, m.stats().keys());
  }
}
