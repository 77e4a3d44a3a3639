package org.proximity.common.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test harness itself: restart on the same port, SIGKILL, a missing binary. */
class MosquittoBrokerIT {
  @TempDir Path dir;

  @Test
  void killAndRestart_keepThePort_andRouteAgain() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir).start()) {
      String url = broker.url();
      broker.kill();
      assertFalse(broker.running());
      broker.start();
      broker.restart();
      assertEquals(url, broker.url());
      List<String> got = new CopyOnWriteArrayList<>();
      MqttClient sub = broker.subscribe("sub", "t/#", (t, p) -> got.add(new String(p, StandardCharsets.US_ASCII)));
      MqttClient pub = new MqttClient(url, "pub", null);
      pub.connect();
      pub.publish("t/1", "hello".getBytes(StandardCharsets.US_ASCII), 1, false);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> got.contains("hello"));
      pub.disconnect();
      pub.close();
      sub.disconnect();
      sub.close();
      assertTrue(broker.log().contains("mosquitto version 2."), broker.log());
    }
  }

  @Test
  void missingBinary_failsWithTheInstallHint() {
    MosquittoBroker.Builder b = MosquittoBroker.in(dir).binary(dir.resolve("no-mosquitto"));
    IllegalStateException e = assertThrows(IllegalStateException.class, b::start);
    assertTrue(e.getMessage().contains("apt-get install mosquitto"), e.getMessage());
  }
}
