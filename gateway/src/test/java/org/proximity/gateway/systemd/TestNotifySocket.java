package org.proximity.gateway.systemd;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.newsclub.net.unix.AFUNIXDatagramSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** A notification socket the test owns, as systemd's /run/systemd/notify: it receives sd_notify datagrams. */
public final class TestNotifySocket implements AutoCloseable {
  private final AFUNIXDatagramSocket socket;
  private final String name;

  private TestNotifySocket(AFUNIXDatagramSocket socket, String name) {
    this.socket = socket;
    this.name = name;
  }

  /** Bound to a file ({@code NOTIFY_SOCKET=/path}). */
  public static TestNotifySocket at(Path path) throws IOException {
    AFUNIXDatagramSocket s = AFUNIXDatagramSocket.newInstance();
    s.bind(AFUNIXSocketAddress.of(path));
    return new TestNotifySocket(s, path.toString());
  }

  /** In the abstract namespace ({@code NOTIFY_SOCKET=@name}). */
  public static TestNotifySocket abstractNamed(String name) throws IOException {
    AFUNIXDatagramSocket s = AFUNIXDatagramSocket.newInstance();
    s.bind(AFUNIXSocketAddress.inAbstractNamespace(name));
    return new TestNotifySocket(s, "@" + name);
  }

  /** The value for {@code NOTIFY_SOCKET}. */
  public String name() {
    return name;
  }

  /** The next datagram, or null when none came within {@code timeout}. */
  public String next(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    byte[] buf = new byte[4096];
    DatagramPacket p = new DatagramPacket(buf, buf.length);
    try {
      socket.receive(p);
    } catch (SocketTimeoutException e) {
      return null;
    }
    return new String(buf, 0, p.getLength(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    socket.close();
  }
}
