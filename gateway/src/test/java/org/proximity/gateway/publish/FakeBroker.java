package org.proximity.gateway.publish;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.proximity.common.testing.TestPki;

/**
 * A test double of an MQTT 3.1.1 broker on a loopback port, plain or TLS, for behaviour no real
 * broker shows on request: each accepted connection follows a {@link Behaviour} chosen by its
 * index (0 for the first). It answers CONNECT with CONNACK, PINGREQ with PINGRESP and, when the
 * behaviour says so, QoS 1 PUBLISH with PUBACK; it records the payloads it acknowledged.
 */
public final class FakeBroker implements AutoCloseable {

  /** What one connection does after CONNACK. */
  public enum Behaviour {
    /** A normal broker: PUBACK every QoS 1 publish. */
    NORMAL,
    /** Sends a PUBLISH fixed header announcing 268,435,455 bytes (the MQTT maximum), then nothing. */
    OVERSIZED_PUBLISH,
    /** Answers PINGREQ but never PUBACK. */
    SILENT_ON_PUBLISH
  }

  /** The largest remaining length MQTT can encode: 0xFF 0xFF 0xFF 0x7F. */
  public static final byte[] OVERSIZED_PUBLISH_HEADER = {0x30, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x7F};

  private final ServerSocket server;
  private final IntFunction<Behaviour> behaviours;
  private final Thread acceptor;
  private final AtomicInteger accepted = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<String> acknowledged = new CopyOnWriteArrayList<>();
  private final List<String> unacknowledged = new CopyOnWriteArrayList<>();
  /** Counted down when the client closes a connection (end of stream or reset). */
  private final CountDownLatch closedByClient = new CountDownLatch(1);
  private final boolean tls;

  private FakeBroker(ServerSocket server, boolean tls, IntFunction<Behaviour> behaviours) {
    this.server = server;
    this.tls = tls;
    this.behaviours = behaviours;
    this.acceptor = new Thread(this::accept, "fake-broker");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public static FakeBroker plain(IntFunction<Behaviour> behaviours) throws IOException {
    return new FakeBroker(new ServerSocket(0, 5, InetAddress.getLoopbackAddress()), false, behaviours);
  }

  /** A TLS listener presenting the server certificate of {@code pki} (valid for localhost). */
  public static FakeBroker tls(TestPki pki, IntFunction<Behaviour> behaviours) throws Exception {
    Path p12 = pki.dir().resolve("fake-broker.p12");
    TestPki.openssl(pki.dir(), "pkcs12", "-export", "-in", pki.serverCertFile().toString(),
        "-inkey", pki.serverKeyFile().toString(), "-out", p12.toString(), "-passout", "pass:test");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, "test".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "test".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    ServerSocket s = ctx.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getLoopbackAddress());
    return new FakeBroker(s, true, behaviours);
  }

  public String url() {
    return (tls ? "ssl://localhost:" : "tcp://127.0.0.1:") + server.getLocalPort();
  }

  /** Connections accepted so far. */
  public int connections() {
    return accepted.get();
  }

  /** Payloads (US-ASCII) of the QoS 1 publishes this broker acknowledged, in arrival order. */
  public List<String> acknowledged() {
    return acknowledged;
  }

  /** Payloads of the publishes received on a {@link Behaviour#SILENT_ON_PUBLISH} connection. */
  public List<String> unacknowledged() {
    return unacknowledged;
  }

  /** Waits until the client closed one of its connections. */
  public boolean awaitClosedByClient(Duration timeout) throws InterruptedException {
    return closedByClient.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        Behaviour b = behaviours.apply(accepted.getAndIncrement());
        Thread t = new Thread(() -> serve(s, b), "fake-broker-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket s, Behaviour behaviour) {
    try (s) {
      DataInputStream in = new DataInputStream(s.getInputStream());
      OutputStream out = s.getOutputStream();
      while (true) {
        int type = in.readUnsignedByte();
        byte[] body = new byte[remainingLength(in)];
        in.readFully(body);
        switch (type >> 4) {
          case 1 -> { // CONNECT
            write(out, new byte[] {0x20, 0x02, 0x00, 0x00});
            if (behaviour == Behaviour.OVERSIZED_PUBLISH) {
              write(out, OVERSIZED_PUBLISH_HEADER);
            }
          }
          case 3 -> publish(out, type, body, behaviour);
          case 12 -> write(out, new byte[] {(byte) 0xD0, 0x00}); // PINGREQ → PINGRESP
          case 14 -> {
            return; // DISCONNECT
          }
          default -> {
            // PUBACK of ours and the like: nothing to answer
          }
        }
      }
    } catch (EOFException e) {
      closedByClient.countDown();
    } catch (IOException e) {
      if (!server.isClosed()) {
        closedByClient.countDown(); // reset by the client
      }
    }
  }

  private void publish(OutputStream out, int type, byte[] body, Behaviour behaviour) throws IOException {
    int qos = (type >> 1) & 3;
    int topicLength = ((body[0] & 0xFF) << 8) | (body[1] & 0xFF);
    int at = 2 + topicLength;
    byte[] packetId = qos > 0 ? new byte[] {body[at], body[at + 1]} : null;
    at += qos > 0 ? 2 : 0;
    String payload = new String(body, at, body.length - at, StandardCharsets.US_ASCII);
    if (behaviour == Behaviour.SILENT_ON_PUBLISH) {
      unacknowledged.add(payload);
      return;
    }
    acknowledged.add(payload);
    if (packetId != null) {
      write(out, new byte[] {0x40, 0x02, packetId[0], packetId[1]});
    }
  }

  private static int remainingLength(DataInputStream in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 28; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("malformed remaining length from the client");
  }

  private static void write(OutputStream out, byte[] bytes) throws IOException {
    synchronized (out) {
      out.write(bytes);
      out.flush();
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
