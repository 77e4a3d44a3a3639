package org.proximity.demo;

import io.moquette.broker.Server;
import io.moquette.broker.config.IConfig;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;

/**
 * Moquette on a free loopback port, for the zero-setup demo and tests. Never used by the service
 * itself, which talks to a real broker.
 */
public final class EmbeddedBroker implements AutoCloseable {
  /** Largest MQTT packet the embedded broker accepts. */
  public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private final Server server = new Server();
  private final int port;
  private final Path dataDir;

  private EmbeddedBroker(int port, Path dataDir) {
    this.port = port;
    this.dataDir = dataDir;
  }

  public static EmbeddedBroker start() throws IOException {
    return start(freeLoopbackPort());
  }

  public static EmbeddedBroker start(int port) throws IOException {
    Path dir = Files.createTempDirectory("pgw-moquette");
    Properties p = new Properties();
    p.setProperty(IConfig.HOST_PROPERTY_NAME, "127.0.0.1");
    p.setProperty(IConfig.PORT_PROPERTY_NAME, Integer.toString(port));
    p.setProperty(IConfig.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
    p.setProperty(IConfig.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
    // 0.17 posts telemetry to an outside collector unless told not to (docs/platform-notes.md#moquette)
    p.setProperty(IConfig.ENABLE_TELEMETRY_NAME, "false");
    p.setProperty(IConfig.DATA_PATH_PROPERTY_NAME, dir.toString());
    p.setProperty(IConfig.WEB_SOCKET_PORT_PROPERTY_NAME, "disabled");
    // Moquette's default frame limit is 8 KiB, far below one bucket's batch
    p.setProperty(IConfig.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_MESSAGE_BYTES));
    EmbeddedBroker b = new EmbeddedBroker(port, dir);
    b.server.startServer(new MemoryConfig(p));
    return b;
  }

  /** A port that was free on 127.0.0.1 a moment ago (Moquette's getPort() can report 0). */
  public static int freeLoopbackPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.stopServer();
    try (var files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
    } catch (IOException e) {
      // a temp directory left behind is harmless
    }
  }
}
