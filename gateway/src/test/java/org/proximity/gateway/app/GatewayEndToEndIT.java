package org.proximity.gateway.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.contract.rollingid.BluezoneKeySchedule;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.contract.rollingid.EnIntervalNumber;
import org.proximity.contract.rollingid.GaenKeySchedule;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.MemoryOutbox;
import org.proximity.gateway.publish.paho.PahoMqttTransport;
import org.proximity.gateway.publish.paho.PahoSubscriber;
import org.proximity.gateway.radio.AdvertisementSink;
import org.proximity.gateway.radio.AdvertisementSource;
import org.proximity.gateway.radio.simulator.PhoneKind;
import org.proximity.gateway.radio.simulator.ScaledClock;
import org.proximity.gateway.radio.simulator.SimulatedAdvertisementSource;
import org.proximity.gateway.radio.simulator.SimulatedDailyKey;
import org.proximity.gateway.radio.simulator.SimulatedPhone;
import org.proximity.gateway.radio.simulator.SimulationConfig;
import org.proximity.gateway.radio.simulator.StationSimulator;

/**
 * The whole gateway: simulated station → pipeline → outbox → Paho → embedded broker → subscriber.
 * Checks what a backend relies on: both kinds arrive, every published id is reproducible from the
 * phones' own keys and the site root key, and no raw ID or MAC is ever published.
 */
class GatewayEndToEndIT {
  private static final HexFormat HEX = HexFormat.of();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SiteRootKey ROOT = SiteRootKey.parseHex("00".repeat(31) + "2a");
  private static final Instant START = Instant.parse("2024-10-04T09:50:00Z");

  /** Records every address that passes, so the test can search payloads for MACs. */
  private static final class TappedSource implements AdvertisementSource {
    final AdvertisementSource inner;
    final Set<Long> addresses = ConcurrentHashMap.newKeySet();

    TappedSource(AdvertisementSource inner) {
      this.inner = inner;
    }

    @Override
    public String name() {
      return inner.name();
    }

    @Override
    public void start(AdvertisementSink sink) throws SourceException {
      inner.start(a -> {
        addresses.add(a.address().value());
        sink.accept(a);
      });
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void gateway_simulatedStation_publishesMatchableRecordsOfBothKindsAndNoRawIds() throws Exception {
    List<String> payloads = new CopyOnWriteArrayList<>();
    TopicScheme topics = new TopicScheme("proximity", "station-1", "bay-1");
    StationSimulator simulator =
        new StationSimulator(SimulationConfig.defaults(7, START).withDevices(24, 10));
    ScaledClock clock = ScaledClock.startingNow(START, 600); // a 30-minute bucket in 3 s
    TappedSource source = new TappedSource(new SimulatedAdvertisementSource(simulator, clock));
    try (MosquittoBroker broker = MosquittoBroker.startTemporary();
        PahoSubscriber sub =
            new PahoSubscriber(broker.url(), "backend", "proximity/+/+/encounters",
                (t, p) -> payloads.add(new String(p, StandardCharsets.UTF_8)))) {
      MemoryOutbox outbox = new MemoryOutbox();
      Gateway gateway =
          new Gateway(
              Gateway.Settings.builder(Gateway.Timing.SOURCE_TIME, topics)
                  .closeGrace(Duration.ofSeconds(2)).queueSize(65_536).mqttWindow(16).build(),
              source, clock, MonotonicClock.system(), new RatchetingKeys(ROOT.dayKey(DayKey.epochDayOf(START))),
              outbox, outbox.sequence(),
              new PahoMqttTransport(new MqttSettings(broker.url(), "bay-1", null, null, null, 30, 10, 32)));
      gateway.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> completeBuckets(payloads) >= 3);
      gateway.close();
      // the checks below assume every report was processed; a loaded machine must not hide that
      assertEquals(0, gateway.pipeline().dropped(), "reports dropped by the pipeline queue");
      long published = gateway.forwarder().published();
      await().atMost(Duration.ofSeconds(10)).until(() -> payloads.size() >= published);
    }

    List<JsonNode> batches = new ArrayList<>();
    for (String p : payloads) {
      batches.add(JSON.readTree(p));
    }
    assertSeqGapFree(batches);
    for (JsonNode b : batches) {
      assertEquals(0, b.get("counts").get("late").asLong(), "late sightings in " + b.get("bucket"));
    }

    Set<String> kinds = new HashSet<>();
    for (JsonNode b : batches) {
      b.get("records").forEach(r -> kinds.add(r.get("kind").asText()));
    }
    assertEquals(Set.of("gaen", "bluezone"), kinds, () -> payloads.stream().map(p -> p.replaceAll("\"records\":\\[.*\\]", "")).reduce("", String::concat));

    List<SimulatedPhone> phones = simulator.phones();
    for (JsonNode b : batches) {
      assertRecordsMatchPhones(b, phones);
    }
    assertNoRawIdOrAddress(payloads, phones, source.addresses);
  }

  private static int completeBuckets(List<String> payloads) {
    return (int) payloads.stream().filter(p -> p.contains("\"partial\":false")).count();
  }

  private static void assertSeqGapFree(List<JsonNode> batches) {
    for (int i = 0; i < batches.size(); i++) {
      assertEquals(i + 1, batches.get(i).get("seq").asLong(), "seq in arrival order");
    }
  }

  /**
   * The backend's side: from each phone's own keys and the site root key, derive the hashes of the
   * bucket. Every published id must be one of them, and every phone present throughout the bucket
   * must be found.
   */
  private static void assertRecordsMatchPhones(JsonNode batch, List<SimulatedPhone> phones) {
    Instant start = Instant.parse(batch.get("bucket").get("start").asText());
    Instant end = start.plusSeconds(60L * batch.get("bucket").get("minutes").asInt());
    DayKey key = ROOT.dayKey(DayKey.epochDayOf(start));
    assertEquals(key.keyId(), batch.get("key").asText());
    Set<String> published = new HashSet<>();
    batch.get("records").forEach(r -> published.add(r.get("id").asText()));
    Set<String> derivable = new HashSet<>();
    for (SimulatedPhone phone : phones) {
      Set<String> ofPhone = derive(phone, key, start, end);
      derivable.addAll(ofPhone);
      boolean throughout = phone.presentAt(start) && phone.presentAt(end.minusSeconds(1));
      if (throughout && phone.kind() != PhoneKind.BLUEZONE_IOS && !batch.get("partial").asBoolean()) {
        Set<String> missing = new HashSet<>(ofPhone);
        missing.removeAll(published);
        assertTrue(missing.isEmpty(), "phone " + phone.number() + " (" + phone.kind() + ", " + phone.arrival() + " to "
            + phone.departure() + ") present all through " + start + " misses " + missing.size() + " of " + ofPhone.size());
      }
    }
    assertTrue(derivable.containsAll(published), "every published id is derivable for " + start);
  }

  private static Set<String> derive(SimulatedPhone phone, DayKey key, Instant start, Instant end) {
    Set<String> out = new HashSet<>();
    SimulatedDailyKey daily = phone.dailyKey(key.epochDay()).orElse(null);
    if (daily == null) {
      return out;
    }
    if (phone.kind() == PhoneKind.GAEN) {
      byte[] rpik = GaenKeySchedule.rpik(daily.key());
      for (int enin = EnIntervalNumber.of(start); enin < EnIntervalNumber.of(end); enin++) {
        out.add(HEX.formatHex(key.recordId("gaen", GaenKeySchedule.rpi(rpik, enin))));
      }
    } else if (phone.kind() == PhoneKind.BLUEZONE_ANDROID) {
      int first = BluezoneKeySchedule.slot(start, 96);
      int last = BluezoneKeySchedule.slot(end.minusSeconds(1), 96);
      for (int slot = first; slot <= last; slot++) {
        out.add(HEX.formatHex(key.recordId("bluezone", BluezoneKeySchedule.bluezoneId(daily.key(), slot))));
      }
    }
    return out;
  }

  private static void assertNoRawIdOrAddress(List<String> payloads, List<SimulatedPhone> phones, Set<Long> addresses) {
    String all = String.join("\n", payloads).toLowerCase();
    for (SimulatedPhone phone : phones) {
      for (SimulatedDailyKey daily : phone.dailyKeys()) {
        assertFalse(all.contains(HEX.formatHex(daily.key())), "a phone key was published");
        if (phone.kind() == PhoneKind.GAEN) {
          byte[] rpik = GaenKeySchedule.rpik(daily.key());
          for (int i = 0; i < 144; i++) {
            String rpi = HEX.formatHex(GaenKeySchedule.rpi(rpik, daily.rollingStartIntervalNumber() + i));
            assertFalse(all.contains(rpi), "a raw RPI was published");
          }
        } else if (phone.kind() == PhoneKind.BLUEZONE_ANDROID) {
          for (byte[] id : BluezoneKeySchedule.bluezoneIds(daily.key(), 96)) {
            assertFalse(all.contains(HEX.formatHex(id)), "a raw Bluezone ID was published");
          }
        }
      }
    }
    assertFalse(addresses.isEmpty());
    for (long a : addresses) {
      String hex = String.format("%012x", a);
      assertFalse(all.contains(hex), "a MAC address was published");
      assertFalse(all.contains(String.join(":", hex.split("(?<=\\G..)"))), "a MAC address was published");
    }
  }
}
