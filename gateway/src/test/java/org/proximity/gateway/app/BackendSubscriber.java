package org.proximity.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A backend as the contract describes it: a persistent session at QoS 1 (so the broker queues
 * for it while it is away), de-duplication by {@code batch}, and a check that per gateway the
 * sequence has no gap and repeats only as the same batch.
 */
final class BackendSubscriber implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final MqttClient client;
  private final List<JsonNode> received = new ArrayList<>();

  BackendSubscriber(String url, String clientId) throws MqttException {
    client = new MqttClient(url, clientId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(false);
    o.setAutomaticReconnect(true);
    o.setMaxReconnectDelay(500);
    // a callback, not a listener given to subscribe(): the session's backlog arrives right after CONNACK,
    // before subscribe() has registered a listener, and Paho acknowledges what no one takes
    client.setCallback(new MqttCallback() {
      @Override
      public void messageArrived(String topic, MqttMessage m) {
        JsonNode j;
        try {
          j = JSON.readTree(m.getPayload());
        } catch (IOException e) {
          throw new AssertionError("not JSON on " + topic, e);
        }
        synchronized (received) {
          received.add(j);
        }
      }

      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    });
    client.connect(o);
    client.subscribe("proximity/+/+/encounters", 1);
  }

  /** Creates the persistent session and leaves, so the broker queues for it from now on. */
  static void registerSession(String url, String clientId) throws MqttException {
    new BackendSubscriber(url, clientId).close();
  }

  /** Distinct seqs received (across epochs, seq numbers are per epoch). */
  int distinct() {
    synchronized (received) {
      return (int) received.stream().map(j -> j.get("batch").asText()).distinct().count();
    }
  }

  long maxSeq() {
    synchronized (received) {
      return received.stream().mapToLong(j -> j.get("seq").asLong()).max().orElse(0);
    }
  }

  List<JsonNode> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /**
   * Every seq from 1 to {@code lastSeq} arrived, except at most {@code dropped} that the outbox
   * reported dropped; a repeated seq carries the same batch id and the same content; first arrivals
   * come in increasing seq order. Returns the distinct messages.
   */
  List<JsonNode> assertCompleteInOrder(long lastSeq, long dropped) {
    Map<Long, JsonNode> first = new HashMap<>();
    long previous = 0;
    int outOfOrder = 0;
    List<Long> arrivals = new ArrayList<>();
    for (JsonNode j : received()) {
      long seq = j.get("seq").asLong();
      arrivals.add(seq);
      JsonNode seen = first.putIfAbsent(seq, j);
      if (seen != null) {
        assertEquals(seen.get("batch").asText(), j.get("batch").asText(), "a repeat is the same batch");
        assertEquals(seen, j, "a repeat is the same message");
      } else {
        if (seq < previous) {
          outOfOrder++;
        }
        previous = seq;
      }
    }
    assertEquals(0, outOfOrder, () -> "first arrivals in seq order: " + arrivals);
    long missing = 0;
    for (long s = 1; s <= lastSeq; s++) {
      if (!first.containsKey(s)) {
        missing++;
      }
    }
    // a message dropped by a bound while in flight may still have arrived: at most `dropped` missing
    assertTrue(missing <= dropped, "seqs missing (" + missing + ") beyond those the outbox reported dropped (" + dropped + ")");
    if (dropped == 0) {
      assertEquals(0, missing, "no seq missing");
    }
    assertTrue(first.keySet().stream().allMatch(s -> s >= 1 && s <= lastSeq), "no seq beyond the last appended");
    return List.copyOf(first.values());
  }

  @Override
  public void close() throws MqttException {
    if (client.isConnected()) {
      client.disconnect(2_000);
    }
    client.close(true);
  }
}
