package org.proximity.gateway.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.mqtt.MqttSettings;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.contract.payload.BucketWidth;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.contract.rollingid.SiteRootKey;
import org.proximity.gateway.bucket.EncounterAggregator;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.config.ConfigLoader;
import org.proximity.gateway.publish.ReconnectPolicy;
import org.proximity.gateway.publish.file.FileOutbox;
import org.proximity.gateway.publish.paho.PahoMqttTransport;
import org.proximity.gateway.radio.simulator.ScaledClock;
import org.proximity.gateway.radio.simulator.SimulatedAdvertisementSource;
import org.proximity.gateway.radio.simulator.SimulationConfig;
import org.proximity.gateway.radio.simulator.StationSimulator;

/**
 * The delivery scenarios of the outbox and the forwarder against a real Mosquitto broker: broker
 * down at start, broker restarted mid-stream, the gateway killed with SIGKILL and restarted. In
 * each, the backend receives every closed batch, in order, with no seq missing and repeats only
 * as the same batch.
 */
class DeliveryScenariosIT {
  @TempDir Path dir;

  private Path config(MosquittoBroker broker, double speed) throws IOException {
    Path root = ServiceProcess.rootKey(dir);
    Path cfg = dir.resolve("gateway.toml");
    Files.writeString(cfg, String.join("\n",
        "site = \"" + MosquittoBroker.SITE + "\"",
        "gateway = \"bay-03\"",
        "[radio]",
        "source = \"simulator\"",
        "[radio.simulator]",
        "phones = 12",
        "speed = " + speed,
        "seed = 3",
        "[keys]",
        "root_key_file = \"" + root + "\"",
        "[buckets]",
        "minutes = 10",
        "[mqtt]",
        "url = \"" + broker.url() + "\"",
        "max_records_per_message = 8",
        "[outbox]",
        "dir = \"" + dir.resolve("state/outbox") + "\"",
        ""));
    return cfg;
  }

  private static Service service(Path cfg) throws Exception {
    return Service.build(ConfigLoader.load(cfg), Duration.ofSeconds(1));
  }

  private static long appended(Service s) {
    return s.gateway().outbox().lastSeq();
  }

  @Test
  void brokerDownAtStart_thenRestartedMidStream_backendGetsEverySeqInOrder() throws Exception {
    MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).persistence().start();
    BackendSubscriber.registerSession(broker.url(), "backend-1");
    broker.stop();

    Service gw = service(config(broker, 1200));
    gw.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> appended(gw) >= 6);
    assertTrue(gw.gateway().outbox().size() >= 6, "held in the outbox while the broker is down");

    broker.start();
    try (BackendSubscriber backend = new BackendSubscriber(broker.url(), "backend-1")) {
      for (int restart = 0; restart < 3; restart++) {
        long target = appended(gw) + 4;
        await().atMost(Duration.ofSeconds(60)).until(() -> backend.maxSeq() >= target);
        broker.stop();
        long during = appended(gw) + 2;
        await().atMost(Duration.ofSeconds(60)).until(() -> appended(gw) >= during);
        broker.start();
      }
      gw.close();
      long last = gw.gateway().outbox().lastSeq();
      assertEquals(0, gw.gateway().outbox().size(), "drained at shutdown");
      await().atMost(Duration.ofSeconds(30)).until(() -> backend.distinct() >= last);
      List<JsonNode> got = backend.assertCompleteInOrder(last, 0);
      assertTrue(gw.gateway().forwarder().reconnects() >= 3, "reconnects counted");
      assertEquals(1, got.stream().map(j -> j.get("epoch").asText()).distinct().count());
    } finally {
      broker.close();
    }
  }

  @Test
  void gatewayKilledWithSigkillAndRestarted_resumesFromTheOutboxWithoutGapsOrNewSeqs() throws Exception {
    MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).persistence().start();
    Path cfg = config(broker, 1200);
    try (BackendSubscriber backend = new BackendSubscriber(broker.url(), "backend-2")) {
      Process first = gatewayProcess(cfg, "first.log");
      await().atMost(Duration.ofSeconds(90)).until(() -> backend.maxSeq() >= 5);
      first.destroyForcibly().waitFor();

      // closed batches that were still waiting survive the kill; delivery resumes after restart
      Process second = gatewayProcess(cfg, "second.log");
      long before = backend.maxSeq();
      await().atMost(Duration.ofSeconds(90)).until(() -> backend.maxSeq() >= before + 5);
      second.destroy(); // SIGTERM: partial buckets are published, the outbox drains
      assertEquals(143, second.waitFor(), Files.readString(dir.resolve("second.log")));

      FileOutbox outbox = FileOutbox.open(dir.resolve("state/outbox"), FileOutbox.Options.defaults(), InstantSource.system(), MonotonicClock.system());
      long last = outbox.lastSeq();
      assertEquals(0, outbox.size(), "nothing left unacknowledged after a clean stop");
      outbox.close();
      await().atMost(Duration.ofSeconds(30)).until(() -> backend.distinct() >= last);
      List<JsonNode> got = backend.assertCompleteInOrder(last, 0);
      Set<String> epochs = got.stream().map(j -> j.get("epoch").asText()).collect(Collectors.toSet());
      assertEquals(1, epochs.size(), "same epoch across the kill: the state directory survived");
      assertTrue(got.stream().anyMatch(j -> j.get("partial").asBoolean()), "SIGTERM closed the open bucket as partial");
    } finally {
      broker.close();
    }
  }

  @Test
  void outboxFullWhileBrokerDown_dropsOldestCountsThemAndKeepsRunning() throws Exception {
    MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).persistence().start();
    BackendSubscriber.registerSession(broker.url(), "backend-3");
    broker.stop();
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    ScaledClock clock =
        ScaledClock.startingNow(start, 1200);
    FileOutbox outbox =
        FileOutbox.open(dir.resolve("small-outbox"),
            new FileOutbox.Options(24 * 1024, Duration.ofDays(14), true, 4 * 1024, Duration.ofSeconds(1)),
            InstantSource.system(), MonotonicClock.system());
    TopicScheme topics =
        new TopicScheme("proximity", MosquittoBroker.SITE, "bay-03");
    Gateway gw =
        new Gateway(
            Gateway.Settings.builder(Gateway.Timing.SOURCE_TIME, topics)
                .buckets(new BucketWidth(10), EncounterAggregator.Limits.DEFAULT).closeGrace(Duration.ofSeconds(2))
                .maxRecordsPerMessage(8).mqttWindow(16)
                .reconnect(new ReconnectPolicy(Duration.ofMillis(100), Duration.ofMillis(500), Duration.ofSeconds(1)))
                .build(),
            new SimulatedAdvertisementSource(
                new StationSimulator(
                    SimulationConfig.defaults(5, start).withDevices(12, 6)),
                clock),
            clock,
            MonotonicClock.system(),
            RatchetingKeys.fromRoot(SiteRootKey.parseHex(ServiceProcess.ROOT)),
            outbox, outbox.sequence(),
            new PahoMqttTransport(
                new MqttSettings(broker.url(), "bay-03", null, null, null, 30, 5, 16)));
    gw.start();
    await().atMost(Duration.ofSeconds(90)).until(() -> outbox.stats().dropped() > 0);
    long afterFirstDrop = outbox.lastSeq();
    await().atMost(Duration.ofSeconds(60)).until(() -> outbox.lastSeq() >= afterFirstDrop + 3);

    broker.start();
    try (BackendSubscriber backend = new BackendSubscriber(broker.url(), "backend-3")) {
      gw.close();
      long last = outbox.lastSeq();
      long dropped = outbox.stats().dropped();
      int left = outbox.size();
      await().atMost(Duration.ofSeconds(30))
          .alias("last " + last + ", dropped " + dropped + ", left in the outbox after close " + left)
          .until(() -> backend.distinct() >= last - dropped);
      backend.assertCompleteInOrder(last, dropped);
      assertTrue(backend.distinct() < last, "the bound really dropped messages");
      assertTrue(backend.received().get(0).get("seq").asLong() > 1, "the oldest were the ones dropped");
    } finally {
      broker.close();
    }
  }

  /** The gateway as its own JVM, so it can be killed for real. */
  private Process gatewayProcess(Path cfg, String log) throws IOException {
    return ServiceProcess.run(cfg, dir.resolve(log)).start();
  }
}
