package org.proximity.backend.collect;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.proximity.backend.TestBatches.topic;
import static org.proximity.backend.collect.CollectorIT.count;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.TestBatches;
import org.proximity.backend.TestConfigs;
import org.proximity.backend.store.Store;
import org.proximity.common.testing.MosquittoBroker;

/** Batches published through broker restarts (Mosquitto with persistence) are stored exactly once. */
class CollectorBrokerRestartIT {
  @TempDir Path dir;

  /** At least once, as a gateway's outbox does it: a publish that failed is sent again on a new connection. */
  static Publisher publishUntilAcknowledged(MosquittoBroker broker, Publisher pub, long seq) {
    Publisher p = pub;
    while (true) {
      try {
        if (p == null) {
          p = new Publisher(broker.url(), "gw");
        }
        p.publish(topic("bay-03", "encounters"), TestBatches.encounters("bay-03", seq, 10), false);
        return p;
      } catch (MqttException e) {
        p = null; // the broker is restarting: connect again
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100)); // retry backoff while the broker is down
      }
    }
  }

  @Test
  void throughTwoBrokerRestarts_everyBatchIsStoredOnce() throws Exception {
    Path db = dir.resolve("store.db");
    int batches = 150;
    try (MosquittoBroker broker = MosquittoBroker.in(dir.resolve("broker")).persistence().unboundedQueues().start();
        Store store = Store.open(db.toString(), null, null)) {
      Publisher status = new Publisher(broker.url(), "gw-status");
      try (Collector collector = CollectorIT.start(TestConfigs.config(broker.url(), db, "c1", ""), store)) {
        CollectorIT.awaitSubscribed(status, db, "bay-03");
        Publisher gateway = null;
        for (int seq = 1; seq <= batches; seq++) {
          gateway = publishUntilAcknowledged(broker, gateway, seq);
          if (seq == 50 || seq == 100) {
            broker.restart(); // SIGTERM (Mosquitto saves its sessions), then start on the same port
          }
        }
        await().atMost(Duration.ofSeconds(120))
            .until(() -> count(db, "SELECT COUNT(*) FROM batches") == batches);
        assertEquals(10L * batches, count(db, "SELECT COUNT(*) FROM records"));
        assertEquals(batches, count(db, "SELECT MAX(seq) FROM batches"));
      }
    }
  }
}
