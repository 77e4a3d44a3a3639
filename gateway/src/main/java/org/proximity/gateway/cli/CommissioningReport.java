package org.proximity.gateway.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.publish.CommissioningCodec;
import org.proximity.gateway.publish.CommissioningCodec.Outcome;
import org.proximity.gateway.publish.paho.PahoMqttTransport;

/**
 * selftest's broker side: the ACL probe and the retained commissioning report (docs/payloads.md,
 * "commissioning"). Over MQTT 3.1.1 Mosquitto acknowledges a publish its ACL forbids and drops
 * it (docs/security.md), so only a probe that comes back proves that this gateway's messages arrive.
 */
final class CommissioningReport {
  /** How long the broker has to grant, acknowledge and deliver; a loopback round trip takes milliseconds. */
  static final long WAIT_SECONDS = 5;

  /** Where a check's outcome goes. */
  interface Sink {
    void report(String name, Outcome outcome, String what);
  }

  private CommissioningReport() {}

  /** Subscribes to the probe topic, publishes a random probe there and waits for it to come back; true if it did. */
  static boolean proveAcl(PahoMqttTransport broker, TopicScheme topics, Sink sink) throws InterruptedException {
    String topic = topics.commissioningProbe();
    byte[] probe = ("probe " + HexFormat.of().formatHex(new SecureRandom().generateSeed(16)))
        .getBytes(StandardCharsets.US_ASCII);
    CountDownLatch back = new CountDownLatch(1);
    try {
      int granted = broker.subscribe(topic, (t, payload) -> {
        if (Arrays.equals(payload, probe)) {
          back.countDown();
        }
      }).get(WAIT_SECONDS, TimeUnit.SECONDS);
      if (granted > 1) {
        sink.report("broker_acl", Outcome.FAIL, "broker ACL: the broker refused this gateway a subscription to " + topic
            + "; grant its user readwrite on " + topics.prefix() + "/" + topics.site() + "/" + topics.gateway() + "/#"
            + ", or correct mqtt.topic_prefix, site or gateway (docs/security.md)");
        return false;
      }
      broker.publish(topic, probe, 1, false).get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      sink.report("broker_acl", Outcome.FAIL, "broker ACL: the probe on " + topic + " could not be sent: "
          + e.getClass().getSimpleName());
      return false;
    }
    if (back.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      sink.report("broker_acl", Outcome.OK, "broker ACL: a probe published to " + topic + " came back");
      return true;
    } else {
      sink.report("broker_acl", Outcome.FAIL, "broker ACL: the broker acknowledged the probe on " + topic
          + " but did not deliver it within " + WAIT_SECONDS + " s: its ACL drops this gateway's messages,"
          + " which would be lost unseen (docs/security.md)");
      return false;
    }
  }

  /**
   * Publishes the report retained at QoS 1 and says where; a failure is a warning, not a failed
   * check. After a failed probe the acknowledgement proves nothing, and the line says so.
   */
  static void publish(PahoMqttTransport broker, TopicScheme topics, CommissioningCodec.Report report, boolean aclProved,
      PrintWriter out) throws InterruptedException {
    String topic = topics.commissioning();
    try {
      broker.publish(topic, new CommissioningCodec().encode(report), 1, true).get(WAIT_SECONDS, TimeUnit.SECONDS);
      out.println(aclProved
          ? "[ ok ] commissioning report (" + report.result().wireName() + ") published retained to " + topic
          : "[warn] commissioning report sent to " + topic + ", but the broker's ACL most likely dropped it (broker ACL above)");
    } catch (ExecutionException | TimeoutException e) {
      out.println("[warn] commissioning report not published to " + topic + ": " + e.getClass().getSimpleName());
    }
  }

  /** The versions a backend needs to tell gateways apart. */
  static Map<String, String> versions() {
    return Map.of(
        "gateway", Main.version(),
        "java", System.getProperty("java.version", "unknown"),
        "os", System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " "
            + System.getProperty("os.arch", "?"));
  }
}
