package org.proximity.gateway.radio.bluez;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.contract.rollingid.DayKey;
import org.proximity.gateway.app.EncounterPipeline;
import org.proximity.gateway.app.Pipeline;
import org.proximity.gateway.app.RatchetingKeys;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.BatchPublisher;
import org.proximity.gateway.publish.Forwarder;
import org.proximity.gateway.publish.MemoryOutbox;
import org.proximity.gateway.publish.ReconnectPolicy;
import org.proximity.gateway.publish.paho.PahoMqttTransport;
import org.proximity.gateway.publish.paho.PahoSubscriber;

/**
 * bluez source → Pipeline → EncounterPipeline → BatchPublisher → Forwarder → embedded Moquette →
 * a Paho subscriber, wired by hand (no composition root exists yet), with the mocked BlueZ.
 */
class BluezEndToEndIT {
  @TempDir Path dir;

  @Test
  void gaenAndBluezoneDevices_reachTheBrokerAsEncounterRecords() throws Exception {
    TopicScheme topics = new TopicScheme("proximity", "site-1", "gw-1");
    InstantSource clock = InstantSource.system();
    ConcurrentLinkedQueue<String> payloads = new ConcurrentLinkedQueue<>();
    AtomicReference<String> failure = new AtomicReference<>();
    try (DbusMockBluez mock = new DbusMockBluez(dir);
        MosquittoBroker broker = MosquittoBroker.startTemporary();
        PahoSubscriber sub = new PahoSubscriber(broker.url(), "sub", topics.encounters(),
            (t, p) -> payloads.add(new String(p, StandardCharsets.UTF_8)))) {
      mock.addAdapter("hci0");
      MemoryOutbox outbox = new MemoryOutbox();
      Forwarder forwarder = new Forwarder(outbox,
          new PahoMqttTransport(new MqttSettings(broker.url(), "gw-1", null, null, null, 30, 5, 100)),
          topics, new ReconnectPolicy(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(200)), 20,
          MonotonicClock.system());
      forwarder.start();
      RatchetingKeys keys = new RatchetingKeys(new DayKey(DayKey.epochDayOf(clock.instant()), new byte[DayKey.LENGTH]));
      EncounterPipeline core = new EncounterPipeline(
          new EncounterAggregator(BucketWidth.DEFAULT, keys::forDay, EncounterAggregator.Limits.DEFAULT),
          new BatchPublisher(topics, outbox.sequence(), outbox, clock, 500, forwarder::wake));
      Pipeline pipeline = Pipeline.forRadio(core, clock, MonotonicClock.system(), Duration.ofSeconds(30), 8192, () -> null, Duration.ZERO);
      pipeline.start();
      BluezAdvertisementSource source = new BluezAdvertisementSource(
          BluezConfig.defaults().withBusAddress(mock.address()), clock, failure::set);
      source.start(pipeline);

      String gaen = mock.addDevice("hci0", "5A:11:22:33:44:55");
      mock.setServiceData(gaen, BluezAdvertisementSourceIT.GAEN_UUID, BluezAdvertisementSourceIT.GAEN_DATA);
      String bz = mock.addDevice("hci0", "6B:11:22:33:44:66");
      mock.setUuids(bz, List.of(BluezAdvertisementSourceIT.BLUEZONE_UUID));
      mock.setManufacturerData(bz, BluezAdvertisementSourceIT.BLUEZONE_COMPANY, BluezAdvertisementSourceIT.BLUEZONE_ID);
      for (int i = 0; i < 5; i++) {
        mock.setRssi(gaen, -60 - i);
        mock.setRssi(bz, -70 - i);
      }
      await().atMost(Duration.ofSeconds(10)).until(() -> pipeline.processed() >= 12);

      source.close();
      pipeline.close(); // hands every open bucket on as partial
      assertTrue(forwarder.drain(Duration.ofSeconds(20)));
      await().atMost(Duration.ofSeconds(10)).until(() -> payloads.stream()
          .anyMatch(p -> p.contains("\"kind\":\"gaen\"")) && payloads.stream().anyMatch(p -> p.contains("\"kind\":\"bluezone\"")));
      forwarder.close();
      assertNull(failure.get());
      String all = String.join("\n", payloads);
      assertTrue(!all.contains("00112233445566778899aabbccddeeff"), "the raw RPI never reaches MQTT");
    }
  }
}
