package org.proximity.gateway.radio.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.proximity.contract.rollingid.BluezoneKeySchedule;
import org.proximity.contract.rollingid.EnIntervalNumber;
import org.proximity.contract.rollingid.GaenKeySchedule;
import org.proximity.gateway.radio.AddressType;
import org.proximity.gateway.radio.Advertisement;

class StationSimulatorTest {

  private static final HexFormat HEX = HexFormat.of();
  private static final Instant START = Instant.parse("2024-10-04T08:00:00Z");
  // 20 minutes before UTC midnight: TEKs and Bluezone daily keys change during the run
  private static final Instant BEFORE_MIDNIGHT = Instant.parse("2024-10-04T23:40:00Z");

  private static List<Advertisement> take(StationSimulator sim, int n) {
    List<Advertisement> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sim.next().orElseThrow());
    }
    return out;
  }

  private static List<Advertisement> all(StationSimulator sim) {
    List<Advertisement> out = new ArrayList<>();
    for (Optional<Advertisement> a = sim.next(); a.isPresent(); a = sim.next()) {
      out.add(a.get());
    }
    return out;
  }

  private static SimulationConfig only(double gaen, double bzAndroid, double bzIos, Duration run) {
    return SimulationConfig.defaults(7, BEFORE_MIDNIGHT)
        .withDevices(10, 0)
        .withShares(gaen, bzAndroid, bzIos)
        .withLossRate(0)
        .withEnd(BEFORE_MIDNIGHT.plus(run));
  }

  @Test
  void next_sameSeed_identicalFirst10000Adverts() {
    SimulationConfig config = SimulationConfig.defaults(42, START);
    assertEquals(take(new StationSimulator(config), 10_000), take(new StationSimulator(config), 10_000));
  }

  @Test
  void next_differentSeed_differentStream() {
    SimulationConfig config = SimulationConfig.defaults(42, START);
    assertNotEquals(
        take(new StationSimulator(config), 1000),
        take(new StationSimulator(config.withSeed(43)), 1000));
  }

  @Test
  void next_defaultStation_timestampsNonDecreasingAndNoneBeforeStart() {
    List<Advertisement> ads = take(new StationSimulator(SimulationConfig.defaults(1, START)), 10_000);
    assertFalse(ads.get(0).receivedAt().isBefore(START));
    for (int i = 1; i < ads.size(); i++) {
      assertFalse(ads.get(i).receivedAt().isBefore(ads.get(i - 1).receivedAt()), "advert " + i);
    }
  }

  @Test
  void next_endConfigured_stopsBeforeEndAndStaysEmpty() {
    Instant end = START.plusSeconds(5);
    StationSimulator sim = new StationSimulator(SimulationConfig.defaults(1, START).withEnd(end));
    List<Advertisement> ads = all(sim);
    assertFalse(ads.isEmpty());
    assertTrue(ads.get(ads.size() - 1).receivedAt().isBefore(end));
    assertTrue(sim.next().isEmpty());
  }

  @Test
  void next_noLoss_intervalsPerAddressWithin200To280Millis() {
    SimulationConfig config = SimulationConfig.defaults(3, START).withLossRate(0);
    Map<Long, Instant> last = new HashMap<>();
    int gaps = 0;
    for (Advertisement a : take(new StationSimulator(config), 20_000)) {
      Instant previous = last.put(a.address().value(), a.receivedAt());
      if (previous != null) {
        long micros = Duration.between(previous, a.receivedAt()).toNanos() / 1000;
        assertTrue(micros >= 200_000 && micros <= 280_000, "gap " + micros + " us");
        gaps++;
      }
    }
    assertTrue(gaps > 19_000, "gaps " + gaps);
  }

  @Test
  void next_lossRate20Percent_hearsAbout80PercentOfAdverts() {
    SimulationConfig config = SimulationConfig.defaults(3, START).withDevices(0, 40);
    Instant end = START.plusSeconds(120);
    int heard = all(new StationSimulator(config.withEnd(end))).size();
    int sent = all(new StationSimulator(config.withLossRate(0).withEnd(end))).size();
    double ratio = heard / (double) sent;
    assertTrue(ratio > 0.77 && ratio < 0.83, "ratio " + ratio);
  }

  @Test
  void forgettingGroundTruth_sameStream_noPhoneHeldAfterItLeft() {
    SimulationConfig config = SimulationConfig.defaults(9, START).withDevices(200, 20).withEnd(START.plus(Duration.ofHours(2)));
    StationSimulator keeping = new StationSimulator(config);
    StationSimulator forgetting = new StationSimulator(config, StationSimulator.GroundTruth.FORGET);
    List<Advertisement> kept = all(keeping);
    assertEquals(kept, all(forgetting), "what is heard does not depend on the ground truth");
    // two hours of a 15-minute mean dwell: far more phones came than are present at once
    assertTrue(keeping.phonesHeld() > 1_000, "kept " + keeping.phonesHeld());
    assertEquals(0, forgetting.phonesHeld());
    assertThrows(IllegalStateException.class, forgetting::phones);
  }

  @Test
  void next_anyAdvert_rssiWithinReceiverRange() {
    for (Advertisement a : take(new StationSimulator(SimulationConfig.defaults(5, START)), 5000)) {
      assertTrue(a.rssi() >= -100 && a.rssi() <= -30, "rssi " + a.rssi());
    }
  }

  @Test
  void next_gaenPhones_rpiAndAemMatchKeyScheduleForTekAndInterval() {
    StationSimulator sim = new StationSimulator(only(1, 0, 0, Duration.ofMinutes(40)));
    List<Advertisement> ads = all(sim);
    // expected (ENIN, RPI) -> phone, from ground truth alone
    Map<String, SimulatedPhone> expected = new HashMap<>();
    for (SimulatedPhone p : sim.phones()) {
      assertEquals(PhoneKind.GAEN, p.kind());
      for (int enin = EnIntervalNumber.of(p.arrival()); enin <= EnIntervalNumber.of(p.departure()); enin++) {
        byte[] tek = p.dailyKey(EnIntervalNumber.rollingStart(enin) / 144).orElseThrow().key();
        expected.put(enin + ":" + HEX.formatHex(GaenKeySchedule.rpi(GaenKeySchedule.rpik(tek), enin)), p);
      }
    }
    Map<Integer, byte[]> lastRpi = new HashMap<>();
    Map<Integer, Integer> lastEnin = new HashMap<>();
    int rotations = 0;
    for (Advertisement a : ads) {
      byte[] sd = AdStructures.find(a.data(), 0x16, (byte) 0x6F, (byte) 0xFD).orElseThrow();
      assertEquals(20, sd.length);
      byte[] rpi = Arrays.copyOf(sd, 16);
      int enin = EnIntervalNumber.of(a.receivedAt());
      SimulatedPhone p = expected.get(enin + ":" + HEX.formatHex(rpi));
      assertNotNull(p, "RPI of no phone's TEK for this interval at " + a.receivedAt());
      assertTrue(p.presentAt(a.receivedAt()));
      assertEquals(AddressType.RANDOM, a.addressType());
      byte[] tek = p.dailyKey(EnIntervalNumber.rollingStart(enin) / 144).orElseThrow().key();
      // CTR decrypts by encrypting again: the plaintext is v1.0 metadata
      byte[] metadata = GaenKeySchedule.aem(
          GaenKeySchedule.aemk(tek), rpi, Arrays.copyOfRange(sd, 16, 20));
      assertEquals(0x40, metadata[0]);
      assertEquals(0, metadata[2] | metadata[3]);
      // the RPI changes exactly when the ENIN does
      byte[] previous = lastRpi.put(p.number(), rpi);
      Integer previousEnin = lastEnin.put(p.number(), enin);
      if (previous != null) {
        assertEquals(previousEnin == enin, Arrays.equals(previous, rpi));
        rotations += previousEnin == enin ? 0 : 1;
      }
    }
    assertTrue(rotations >= 10, "rotations " + rotations);
    assertTrue(sim.phones().stream().anyMatch(p -> p.dailyKeys().size() == 2), "a phone across midnight");
  }

  @Test
  void next_gaenPhones_bothLayoutsOnAirAndMacsRotateWithRpiUnlessOutOfSync() {
    SimulationConfig config = only(1, 0, 0, Duration.ofMinutes(60)).withDevices(40, 0);
    StationSimulator sim = new StationSimulator(config);
    Map<Long, Set<String>> rpisPerMac = new HashMap<>();
    int withFlags = 0;
    int withoutFlags = 0;
    for (Advertisement a : all(sim)) {
      byte[] sd = AdStructures.find(a.data(), 0x16, (byte) 0x6F, (byte) 0xFD).orElseThrow();
      rpisPerMac.computeIfAbsent(a.address().value(), k -> new HashSet<>())
          .add(HEX.formatHex(sd, 0, 16));
      if (a.data().length == 31) {
        withFlags++;
      } else {
        assertEquals(28, a.data().length);
        withoutFlags++;
      }
    }
    assertTrue(withFlags > 0 && withoutFlags > 0);
    long outOfSync = sim.phones().stream().filter(SimulatedPhone::outOfSyncRotation).count();
    long macsWithTwoRpis = rpisPerMac.values().stream().filter(s -> s.size() > 1).count();
    assertTrue(outOfSync > 0, "no out-of-sync phone in this run");
    assertTrue(macsWithTwoRpis > 0 && macsWithTwoRpis <= 2 * outOfSync * 7,
        "MACs with two RPIs: " + macsWithTwoRpis + ", out-of-sync phones: " + outOfSync);
  }

  @Test
  void next_bluezoneAndroidPhones_idsMatchKeyScheduleForDailyKeyAndSlot() throws Exception {
    StationSimulator sim = new StationSimulator(only(0, 1, 0, Duration.ofMinutes(40)));
    List<Advertisement> ads = all(sim);
    Map<String, SimulatedPhone> expected = new HashMap<>();
    for (SimulatedPhone p : sim.phones()) {
      for (SimulatedDailyKey k : p.dailyKeys()) {
        List<byte[]> ids = BluezoneKeySchedule.bluezoneIds(k.key(), 96);
        for (int slot = 0; slot < 96; slot++) {
          expected.put(k.epochDay() + ":" + slot + ":" + HEX.formatHex(ids.get(slot)), p);
        }
      }
      if (p.dailyKeys().size() == 2) {
        // D(d+1) = SHA-256(D(d)) (docs/bluezone.md#key-schedule)
        assertArrayEquals(
            MessageDigest.getInstance("SHA-256").digest(p.dailyKeys().get(0).key()),
            p.dailyKeys().get(1).key());
      }
    }
    for (Advertisement a : ads) {
      assertNotNull(AdStructures.find(a.data(), 0x03, (byte) 0x56, (byte) 0x4E).orElse(null));
      byte[] id = AdStructures.find(a.data(), 0xFF, (byte) 0xB5, (byte) 0x22).orElseThrow();
      assertEquals(12, id.length);
      long day = Math.floorDiv(a.receivedAt().getEpochSecond(), 86_400);
      int slot = BluezoneKeySchedule.slot(a.receivedAt(), 96);
      SimulatedPhone p = expected.get(day + ":" + slot + ":" + HEX.formatHex(id));
      assertNotNull(p, "ID of no phone's daily key for this slot at " + a.receivedAt());
      assertTrue(p.presentAt(a.receivedAt()));
    }
    assertTrue(sim.phones().stream().anyMatch(p -> p.dailyKeys().size() == 2), "a phone across midnight");
  }

  @Test
  void next_bluezoneIosPhones_onlyOverflowAreaWithBluezoneBit() {
    StationSimulator sim = new StationSimulator(only(0, 0, 1, Duration.ofMinutes(2)));
    byte[] overflow = HEX.parseHex("0108" + "00".repeat(15));
    List<Advertisement> ads = all(sim);
    assertFalse(ads.isEmpty());
    for (Advertisement a : ads) {
      assertArrayEquals(overflow, AdStructures.find(a.data(), 0xFF, (byte) 0x4C, (byte) 0x00).orElseThrow());
    }
    assertTrue(sim.phones().stream().allMatch(p -> p.dailyKeys().isEmpty()));
  }

  @Test
  void next_backgroundOnly_noTracingPayloads() {
    SimulationConfig config = SimulationConfig.defaults(9, START).withDevices(0, 50);
    for (Advertisement a : take(new StationSimulator(config), 5000)) {
      assertTrue(AdStructures.find(a.data(), 0x16, (byte) 0x6F, (byte) 0xFD).isEmpty());
      assertTrue(AdStructures.find(a.data(), 0xFF, (byte) 0xB5, (byte) 0x22).isEmpty());
    }
  }

  @Test
  void phones_afterAnHour_aboutConfiguredNumberPresent() {
    SimulationConfig config = SimulationConfig.defaults(11, START).withDevices(20, 0).withLossRate(0.9);
    StationSimulator sim = new StationSimulator(config.withEnd(START.plus(Duration.ofMinutes(61))));
    all(sim);
    // every phone present at the start has left by now (dwell <= 60 min): these all arrived later
    Instant t = START.plus(Duration.ofMinutes(61)).minusMillis(1);
    long present = sim.phones().stream().filter(p -> p.presentAt(t)).count();
    assertTrue(present >= 8 && present <= 35, "present " + present);
    assertTrue(sim.phones().stream().allMatch(p -> {
      long minutes = Duration.between(p.arrival(), p.departure()).toSeconds() / 60;
      return minutes >= 2 && minutes <= 60;
    }));
  }

  @Test
  void toString_groundTruth_neverContainsKeys() {
    StationSimulator sim = new StationSimulator(only(0.5, 0.5, 0, Duration.ofMinutes(1)));
    for (SimulatedPhone p : sim.phones()) {
      for (SimulatedDailyKey k : p.dailyKeys()) {
        assertFalse(p.toString().contains(HEX.formatHex(k.key())), p.toString());
        assertFalse(p.toString().toUpperCase().contains(HEX.formatHex(k.key()).toUpperCase()));
      }
    }
  }

  @Test
  void config_invalidValues_throwNamingField() {
    SimulationConfig ok = SimulationConfig.defaults(1, START);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withShares(0.5, 0.5, 0.5))
        .getMessage().startsWith("phone shares"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withLossRate(1))
        .getMessage().startsWith("lossRate"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withDevices(-1, 0))
        .getMessage().startsWith("phones"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ok.withEnd(START))
        .getMessage().startsWith("end"));
  }
}
