package org.proximity.gateway.publish;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.mqtt.MqttKeys;
import org.proximity.common.mqtt.MqttSettingsFactory;
import org.proximity.common.testing.MosquittoBroker;
import org.proximity.common.testing.TestPki;
import org.proximity.common.tls.TlsSocketFactories;
import org.proximity.contract.payload.TopicScheme;
import org.proximity.gateway.clock.MonotonicClock;
import org.proximity.gateway.publish.MqttTransport.TransportException;
import org.proximity.gateway.publish.paho.PahoMqttTransport;

/** TLS, passwords and the ACL against a real Mosquitto 2.0.11 (see docs/security.md). */
class MosquittoSecurityIT {
  private static final String GW = MosquittoBroker.GATEWAY_USER;
  private static final TopicScheme TOPICS = new TopicScheme("proximity", MosquittoBroker.SITE, GW);
  /** Fast retries for network failures, slower (200-400 ms) for refusals. */
  private static final ReconnectPolicy SHORT =
      new ReconnectPolicy(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(400));

  @TempDir Path dir;

  private static MqttKeys mqtt(String url, Path ca, Path cert, Path key, String user, Path passwordFile) {
    return new MqttKeys(url, "proximity", ca, cert, key, user, passwordFile, 32, 30);
  }

  private static PahoMqttTransport transport(MqttKeys mqtt) throws Exception {
    return new PahoMqttTransport(MqttSettingsFactory.from(mqtt, GW));
  }

  private static MemoryOutbox outbox(int n) {
    MemoryOutbox outbox = new MemoryOutbox();
    for (long s = 1; s <= n; s++) {
      outbox.append(new OutboundMessage(s, TOPICS.encounters(), ("m" + s).getBytes(StandardCharsets.US_ASCII), Instant.EPOCH));
    }
    return outbox;
  }

  /** Encounter payloads the backend receives. */
  private static final class Backend implements AutoCloseable {
    final List<String> got = new CopyOnWriteArrayList<>();
    final MqttClient client;

    Backend(MosquittoBroker broker) throws Exception {
      client = broker.subscribe("backend-1", "proximity/#", (t, p) -> {
        if (!t.endsWith("/status")) {
          got.add(t + " " + new String(p, StandardCharsets.US_ASCII));
        }
      });
    }

    @Override
    public void close() throws Exception {
      client.disconnect();
      client.close();
    }
  }

  private static List<String> expected(int n) {
    List<String> out = new ArrayList<>();
    for (int s = 1; s <= n; s++) {
      out.add(TOPICS.encounters() + " m" + s);
    }
    return out;
  }

  private void deliversAll(MosquittoBroker broker, MqttKeys mqtt) throws Exception {
    try (Backend backend = new Backend(broker)) {
      MemoryOutbox outbox = outbox(20);
      Forwarder f = new Forwarder(outbox, transport(mqtt), TOPICS, SHORT, 8, MonotonicClock.system());
      f.start();
      try {
        assertTrue(f.drain(Duration.ofSeconds(20)), "outbox drained");
        await().atMost(Duration.ofSeconds(10)).until(() -> backend.got.size() >= 20);
        assertEquals(expected(20), backend.got);
      } finally {
        f.close();
      }
    }
  }

  @Test
  void tls_rightCaAndMatchingHost_withPasswordAndAcl_delivers() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir).tls().passwords().start()) {
      deliversAll(broker, mqtt(broker.sslUrl(), broker.pki().caFile(), null, null, GW, broker.gatewayPasswordFile()));
    }
  }

  @Test
  void tls_byIpAddress_matchesTheIpSan() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir).tls().start();
        PahoMqttTransport t = transport(mqtt("ssl://127.0.0.1:" + broker.tlsPort(), broker.pki().caFile(), null, null, "", null))) {
      t.connect(TOPICS.status(), "offline".getBytes(StandardCharsets.US_ASCII));
      assertTrue(t.isConnected());
    }
  }

  @Test
  void tls_wrongCa_failsClearly_slowly_andAcknowledgesNothing() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir).tls().start();
        Backend backend = new Backend(broker)) {
      MqttKeys mqtt = mqtt(broker.sslUrl(), broker.pki().otherCaFile(), null, null, "", null);
      try (PahoMqttTransport t = transport(mqtt)) {
        TransportException e = assertThrows(TransportException.class, () -> t.connect(TOPICS.status(), new byte[0]));
        assertTrue(e.getMessage().startsWith("the broker's certificate is not trusted by mqtt.ca_file"), e.getMessage());
        assertTrue(e.permanent(), "a certificate failure needs a configuration change: retried slowly");
      }
      MemoryOutbox outbox = outbox(3);
      CountingTransport counting = new CountingTransport(transport(mqtt));
      Forwarder f = new Forwarder(outbox, counting, TOPICS, SHORT, 8, MonotonicClock.system());
      f.start();
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> counting.attempts.size() >= 3);
      } finally {
        f.close();
      }
      assertEquals(3, outbox.size(), "nothing acknowledged");
      assertEquals(0, f.published());
      assertEquals(List.of(), backend.got);
      counting.assertSpacedAtLeast(Duration.ofMillis(200));
    }
  }

  @Test
  void tls_serverCertificateForAnotherName_fails() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir).tls("DNS:mqtt.other.example").start()) {
      for (String url : List.of(broker.sslUrl(), "ssl://127.0.0.1:" + broker.tlsPort())) {
        try (PahoMqttTransport t = transport(mqtt(url, broker.pki().caFile(), null, null, "", null))) {
          TransportException e = assertThrows(TransportException.class, () -> t.connect(TOPICS.status(), new byte[0]));
          assertTrue(e.getMessage().startsWith("the broker's certificate does not name the host in mqtt.url"), e.getMessage());
          assertTrue(e.permanent());
          assertFalse(t.isConnected());
        }
      }
    }
  }

  /**
   * Findings about Paho 1.2.5 (docs/security.md): with a plain JDK socket factory it verifies the
   * hostname only when {@code setHttpsHostnameVerificationEnabled(true)}; our factory verifies it
   * even when that flag is off. PahoMqttTransport sets the flag too: two independent locks.
   */
  @Test
  void finding_paho125HostnameVerification_flagAndFactory() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir).tls("DNS:mqtt.other.example").start()) {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(broker.pki().caFile())) {
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext plain = SSLContext.getInstance("TLS");
      plain.init(null, tmf.getTrustManagers(), null);

      assertFalse(pahoConnects(broker, plain.getSocketFactory(), true), "Paho's flag on: checked");
      assertTrue(pahoConnects(broker, plain.getSocketFactory(), false), "Paho's flag off, plain factory: NOT checked");
      assertFalse(pahoConnects(broker, TlsSocketFactories.create(broker.pki().caFile(), null, null), false),
          "Paho's flag off, our factory: checked");
    }
  }

  private static boolean pahoConnects(MosquittoBroker broker, SocketFactory factory, boolean flag) throws Exception {
    MqttAsyncClient client = new MqttAsyncClient(broker.sslUrl(), "finding", new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setSocketFactory(factory);
    o.setHttpsHostnameVerificationEnabled(flag);
    try {
      client.connect(o).waitForCompletion(10_000);
      client.disconnect().waitForCompletion(5_000);
      return true;
    } catch (MqttException e) {
      assertTrue(String.valueOf(e.getCause()).contains("No subject alternative DNS name matching localhost"), e.toString());
      return false;
    } finally {
      client.close(true);
    }
  }

  @Test
  void tls_clientCertificateRequired_givenWorks_missingFails() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir).tls().requireClientCertificate().passwords().start()) {
      TestPki pki = broker.pki();
      deliversAll(broker, mqtt(broker.sslUrl(), pki.caFile(), pki.clientCertFile(), pki.clientKeyFile(), GW, broker.gatewayPasswordFile()));
      try (PahoMqttTransport t = transport(mqtt(broker.sslUrl(), pki.caFile(), null, null, GW, broker.gatewayPasswordFile()))) {
        TransportException e = assertThrows(TransportException.class, () -> t.connect(TOPICS.status(), new byte[0]));
        assertFalse(t.isConnected(), e.getMessage());
      }
    }
  }

  @Test
  void wrongPassword_isARefusal_retriedSlowly_andNeverLogged() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir).passwords().start()) {
      Path wrong = dir.resolve("wrong.pass");
      Files.writeString(wrong, "not-" + broker.gatewayPassword() + "\n");
      Files.setPosixFilePermissions(wrong, PosixFilePermissions.fromString("rw-------"));
      MqttKeys mqtt = mqtt(broker.url(), null, null, null, GW, wrong);
      try (PahoMqttTransport t = transport(mqtt)) {
        TransportException e = assertThrows(TransportException.class, () -> t.connect(TOPICS.status(), new byte[0]));
        assertTrue(e.permanent());
        assertEquals("the broker says this client is not authorised", e.getMessage());
      }
      MemoryOutbox outbox = outbox(1);
      CountingTransport counting = new CountingTransport(transport(mqtt));
      Forwarder f = new Forwarder(outbox, counting, TOPICS, SHORT, 8, MonotonicClock.system());
      f.start();
      try {
        await().atMost(Duration.ofSeconds(10)).until(() -> counting.attempts.size() >= 4);
      } finally {
        f.close();
      }
      // network failures would be retried after 5-20 ms; a refusal waits refusedBase (200-400 ms)
      counting.assertSpacedAtLeast(Duration.ofMillis(200));
      assertTrue(counting.failures.stream().allMatch(TransportException::permanent));
      assertEquals(1, outbox.size());
      await().atMost(Duration.ofSeconds(5))
          .until(() -> broker.log().split("not authorised", -1).length - 1 >= 5);
      assertFalse(broker.log().contains(broker.gatewayPassword()));
    }
  }

  @Test
  void acl_publishOutsideOwnPrefix_isAcknowledgedButDropped() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.in(dir).passwords().verbose().start();
        Backend backend = new Backend(broker);
        PahoMqttTransport t = transport(mqtt(broker.url(), null, null, null, GW, broker.gatewayPasswordFile()))) {
      t.connect(TOPICS.status(), new byte[0]);
      String foreign = "proximity/" + MosquittoBroker.SITE + "/bay-04/encounters";
      CompletableFuture<Void> denied = t.publish(foreign, "forged".getBytes(StandardCharsets.US_ASCII), 1, false);
      denied.get(10, TimeUnit.SECONDS); // MQTT 3.1.1: Mosquitto 2.0.11 sends a normal PUBACK
      t.publish(TOPICS.encounters(), "own".getBytes(StandardCharsets.US_ASCII), 1, false).get(10, TimeUnit.SECONDS);
      await().atMost(Duration.ofSeconds(10)).until(() -> !backend.got.isEmpty());
      assertEquals(List.of(TOPICS.encounters() + " own"), backend.got);
      assertTrue(broker.log().contains("Denied PUBLISH"), "the broker logs the denial");
    }
  }

  /** Records connect attempts (monotonic time) and their failures. */
  static final class CountingTransport implements MqttTransport {
    final MqttTransport delegate;
    final List<Long> attempts = new CopyOnWriteArrayList<>();
    final List<TransportException> failures = new CopyOnWriteArrayList<>();

    CountingTransport(MqttTransport delegate) {
      this.delegate = delegate;
    }

    @Override
    public void connect(String willTopic, byte[] willPayload) throws TransportException {
      attempts.add(System.nanoTime());
      try {
        delegate.connect(willTopic, willPayload);
      } catch (TransportException e) {
        failures.add(e);
        throw e;
      }
    }

    void assertSpacedAtLeast(Duration gap) {
      List<Long> a = List.copyOf(attempts);
      for (int i = 1; i < a.size(); i++) {
        long ms = TimeUnit.NANOSECONDS.toMillis(a.get(i) - a.get(i - 1));
        assertTrue(ms >= gap.toMillis() - 5, "attempt " + i + " came " + ms + " ms after the one before");
      }
    }

    @Override
    public boolean isConnected() {
      return delegate.isConnected();
    }

    @Override
    public CompletableFuture<Void> publish(String topic, byte[] payload, int qos, boolean retained) {
      return delegate.publish(topic, payload, qos, retained);
    }

    @Override
    public void dropConnection() {
      delegate.dropConnection();
    }

    @Override
    public void onConnectionLost(Runnable listener) {
      delegate.onConnectionLost(listener);
    }

    @Override
    public void close() {
      delegate.close();
    }
  }
}
