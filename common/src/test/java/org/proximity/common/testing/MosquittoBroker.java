package org.proximity.common.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A real Mosquitto 2.0 broker for tests: {@code /usr/sbin/mosquitto} started on free loopback
 * ports with its own configuration, logs and (optionally) certificates in a directory the test
 * owns (a JUnit {@code @TempDir}).
 *
 * <ul>
 *   <li>Always a plain listener ({@link #url()}); with {@link Builder#tls()} also a TLS listener
 *       ({@link #sslUrl()}, host {@code localhost}) with certificates from {@link TestPki}.
 *   <li>With {@link Builder#passwords()}: {@code allow_anonymous false}, a password file made by
 *       {@code mosquitto_passwd}, and an ACL: user {@value #GATEWAY_USER} may publish (and read) only under
 *       {@code proximity/}{@value #SITE}{@code /}{@value #GATEWAY_USER}{@code /#}; user
 *       {@value #BACKEND_USER} may read {@code proximity/#}. Without it, anonymous clients may do
 *       anything.
 *   <li>{@code persistence false}; the broker logs to {@link #logFile()} and its stdout/stderr go
 *       to {@link #outputFile()}, both appended across restarts ({@link #log()} reads both).
 * </ul>
 * {@link #start()} returns once the listeners accept TCP connections (polled, no fixed sleep).
 * {@link #stop()} sends SIGTERM, {@link #kill()} SIGKILL; {@link #start()} again restarts on the
 * same ports. A missing {@code mosquitto} binary fails the test; it is never skipped.
 */
public final class MosquittoBroker implements AutoCloseable {
  public static final String SITE = "ben-xe-mien-dong";
  public static final String GATEWAY_USER = "bay-03";
  public static final String BACKEND_USER = "backend";
  public static final String MISSING =
      "the mosquitto broker is not installed (apt-get install mosquitto mosquitto-clients; .ci/run does this)";

  private static final Path DEFAULT_BINARY = Path.of("/usr/sbin/mosquitto");

  private final Builder b;
  private final Path dir;
  private final int port;
  private final int tlsPort;
  private final TestPki pki;
  private final String gatewayPassword;
  private final String backendPassword;
  private Process process;
  private boolean removeDirOnClose;

  private MosquittoBroker(Builder b) {
    this.b = b;
    this.dir = b.dir;
    this.port = freeLoopbackPort();
    this.tlsPort = b.tls ? freeLoopbackPort() : -1;
    this.pki = b.tls ? TestPki.create(dir.resolve("pki"), b.serverSan) : null;
    SecureRandom random = new SecureRandom();
    this.gatewayPassword = "gw-" + HexFormat.of().formatHex(random.generateSeed(8));
    this.backendPassword = "be-" + HexFormat.of().formatHex(random.generateSeed(8));
    try {
      writeConfig();
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the broker configuration in " + dir, e);
    }
  }

  public static Builder in(Path dir) {
    return new Builder(dir);
  }

  /** An anonymous plain-TCP broker, started, in a new temporary directory removed on close. */
  public static MosquittoBroker startTemporary() {
    return temporary().start();
  }

  /** As {@link #startTemporary()}, but not started yet: its port is fixed and still closed. */
  public static MosquittoBroker temporary() {
    try {
      MosquittoBroker b = in(Files.createTempDirectory("pgw-mosquitto")).build();
      b.removeDirOnClose = true;
      return b;
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a temporary directory for the broker", e);
    }
  }

  /** Options; {@link #start()} builds and starts the broker. */
  public static final class Builder {
    private final Path dir;
    private boolean tls;
    private String serverSan = TestPki.LOCALHOST_SAN;
    private boolean requireCertificate;
    private boolean passwords;
    private boolean verbose;
    private boolean persistence;
    private boolean unboundedQueues;
    private int maxInflightMessages;
    private String gatewayAccess = "readwrite";
    private Path binary = DEFAULT_BINARY;

    private Builder(Path dir) {
      this.dir = dir;
    }

    /** Adds a TLS listener whose server certificate names localhost and 127.0.0.1. */
    public Builder tls() {
      this.tls = true;
      return this;
    }

    /** Adds a TLS listener whose server certificate names only {@code san} (e.g. {@code DNS:other.example}). */
    public Builder tls(String san) {
      this.tls = true;
      this.serverSan = san;
      return this;
    }

    /** The TLS listener requires a client certificate signed by the test CA. */
    public Builder requireClientCertificate() {
      this.requireCertificate = true;
      return this;
    }

    /** Password file and ACL; anonymous clients are refused. */
    public Builder passwords() {
      this.passwords = true;
      return this;
    }

    /** {@code log_type all}: logs every packet, including "Denied PUBLISH". */
    public Builder verbose() {
      this.verbose = true;
      return this;
    }

    /**
     * Keeps sessions and queued messages across restarts (saved every second and on SIGTERM), so
     * a subscriber with a persistent session misses nothing while the broker is down.
     */
    public Builder persistence() {
      this.persistence = true;
      return this;
    }

    /** With {@link #passwords()}: the gateway's ACL access to its own topics, {@code read} to break commissioning. */
    public Builder gatewayAccess(String access) {
      this.gatewayAccess = access;
      return this;
    }

    /** No per-client queue limit (Mosquitto drops QoS 1 messages beyond 1,000 queued by default). */
    public Builder unboundedQueues() {
      this.unboundedQueues = true;
      return this;
    }

    /** QoS 1 messages sent to a client before its PUBACKs (Mosquitto's default is 20). */
    public Builder maxInflightMessages(int n) {
      this.maxInflightMessages = n;
      return this;
    }

    /** Another broker binary (tests of this harness). */
    Builder binary(Path binary) {
      this.binary = binary;
      return this;
    }

    public MosquittoBroker build() {
      return new MosquittoBroker(this);
    }

    public MosquittoBroker start() {
      MosquittoBroker broker = build();
      broker.start();
      return broker;
    }
  }

  private void writeConfig() throws IOException {
    Files.createDirectories(dir);
    List<String> c = new ArrayList<>();
    // Started as root, mosquitto switches to the user "mosquitto" before it reads the password
    // file, ACL and certificates, and that user cannot enter a JUnit @TempDir (mode 0700, owned by
    // root). "user root" keeps it running as the user that started it; as a non-root user the
    // option is ignored and the files are the user's own anyway.
    c.add("user root");
    c.add("per_listener_settings false");
    if (b.unboundedQueues) {
      c.add("max_queued_messages 0");
    }
    if (b.maxInflightMessages > 0) {
      c.add("max_inflight_messages " + b.maxInflightMessages);
    }
    if (b.persistence) {
      c.add("persistence true");
      c.add("persistence_location " + dir + "/");
      c.add("autosave_interval 1");
    } else {
      c.add("persistence false");
    }
    // log_dest file, not stdout: mosquitto's stdout into a file is block-buffered, so tests could
    // not read the log while the broker runs; the file log is flushed line by line. Its own
    // stdout and stderr (messages before the config is read) go to outputFile().
    c.add("log_dest file " + logFile());
    c.add("log_timestamp_format %Y-%m-%dT%H:%M:%S");
    c.add(b.verbose ? "log_type all" : "log_type error\nlog_type warning\nlog_type notice\nlog_type information");
    c.add("connection_messages true");
    if (b.passwords) {
      Path pw = dir.resolve("mosquitto.passwd");
      Files.deleteIfExists(pw);
      // the command lines hold test passwords: failures name only the program
      TestPki.run(dir, List.of("mosquitto_passwd", "-b", "-c", pw.toString(), GATEWAY_USER, gatewayPassword),
          "mosquitto_passwd", MISSING);
      TestPki.run(dir, List.of("mosquitto_passwd", "-b", pw.toString(), BACKEND_USER, backendPassword),
          "mosquitto_passwd", MISSING);
      Files.writeString(
          dir.resolve("mosquitto.acl"),
          "user " + GATEWAY_USER + "\ntopic " + b.gatewayAccess + " proximity/" + SITE + "/" + GATEWAY_USER + "/#\n\n"
              + "user " + BACKEND_USER + "\ntopic read proximity/#\n");
      Path gatewayPasswordFile = gatewayPasswordFile();
      Files.writeString(gatewayPasswordFile, gatewayPassword + "\n");
      TestPki.ownerOnly(gatewayPasswordFile);
      c.add("allow_anonymous false");
      c.add("password_file " + pw);
      c.add("acl_file " + dir.resolve("mosquitto.acl"));
    } else {
      c.add("allow_anonymous true");
    }
    c.add("");
    c.add("listener " + port + " 127.0.0.1");
    if (b.tls) {
      c.add("");
      c.add("listener " + tlsPort + " 127.0.0.1");
      c.add("cafile " + pki.caFile());
      c.add("certfile " + pki.serverCertFile());
      c.add("keyfile " + pki.serverKeyFile());
      c.add("tls_version tlsv1.2");
      c.add("require_certificate " + b.requireCertificate);
    }
    Files.write(configFile(), c);
  }

  /** Starts the broker (again, on the same ports) and waits until its listeners accept connections. */
  public synchronized MosquittoBroker start() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("mosquitto is already running");
    }
    if (!Files.isExecutable(b.binary)) {
      throw new IllegalStateException(MISSING + ": " + b.binary + " not found");
    }
    try {
      process =
          new ProcessBuilder(b.binary.toString(), "-c", configFile().toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile().toFile()))
              .start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + b.binary, e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    for (int p : b.tls ? new int[] {port, tlsPort} : new int[] {port}) {
      while (!accepts(p)) {
        if (!process.isAlive()) {
          throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ":\n" + log());
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("mosquitto did not listen on port " + p + " within 15 s:\n" + log());
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // poll interval
      }
    }
    return this;
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** SIGTERM, and waits for the process to end. */
  public synchronized void stop() {
    end(false);
  }

  /** SIGKILL, and waits for the process to end. */
  public synchronized void kill() {
    end(true);
  }

  /** Stops (SIGTERM) and starts again on the same ports. */
  public synchronized void restart() {
    stop();
    start();
  }

  private void end(boolean forcibly) {
    if (process == null) {
      return;
    }
    if (forcibly) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    try {
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  public synchronized boolean running() {
    return process != null && process.isAlive();
  }

  @Override
  public void close() {
    stop();
    if (removeDirOnClose) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      } catch (IOException e) {
        // a temporary directory left behind is harmless
      }
    }
  }

  /** {@code tcp://127.0.0.1:<port>}. */
  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /** {@code ssl://localhost:<tlsPort>}; the host the server certificate names. */
  public String sslUrl() {
    requireTls();
    return "ssl://localhost:" + tlsPort;
  }

  public int port() {
    return port;
  }

  public int tlsPort() {
    requireTls();
    return tlsPort;
  }

  public TestPki pki() {
    requireTls();
    return pki;
  }

  private void requireTls() {
    if (!b.tls) {
      throw new IllegalStateException("this broker has no TLS listener: build it with tls()");
    }
  }

  /** The gateway user's password file (the password and a newline, mode 0600), as mqtt.password_file. */
  public Path gatewayPasswordFile() {
    return dir.resolve("bay-03.pass");
  }

  public String gatewayPassword() {
    return gatewayPassword;
  }

  public String backendPassword() {
    return backendPassword;
  }

  public Path configFile() {
    return dir.resolve("mosquitto.conf");
  }

  public Path logFile() {
    return dir.resolve("mosquitto.log");
  }

  /** The broker's stdout and stderr (startup errors). */
  public Path outputFile() {
    return dir.resolve("mosquitto.out");
  }

  /** The broker's log so far (all starts), after its stdout and stderr. */
  public String log() {
    return read(outputFile()) + read(logFile());
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e + ")";
    }
  }

  /**
   * A QoS 1 subscriber on the plain listener, as {@value #BACKEND_USER} when passwords are on.
   * The caller closes it.
   */
  public MqttClient subscribe(String clientId, String topicFilter, BiConsumer<String, byte[]> onMessage)
      throws MqttException {
    MqttClient client = new MqttClient(url(), clientId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setAutomaticReconnect(true);
    if (b.passwords) {
      o.setUserName(BACKEND_USER);
      o.setPassword(backendPassword.toCharArray());
    }
    client.connect(o);
    client.subscribe(topicFilter, 1, (topic, message) -> onMessage.accept(topic, message.getPayload()));
    return client;
  }

  public static int freeLoopbackPort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }
}
