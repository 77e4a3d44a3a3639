package org.proximity.gateway.systemd;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXDatagramChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/**
 * systemd's notification socket ({@code $NOTIFY_SOCKET}): one AF_UNIX datagram per message, as
 * sd_notify(3) sends it. The only class that imports junixsocket (Java 17's NIO has no AF_UNIX
 * datagrams). A name starting with {@code @} is in the abstract namespace.
 */
public final class NotifySocket implements AutoCloseable {
  private final AFUNIXDatagramChannel channel;
  private final SocketAddress target;

  private NotifySocket(AFUNIXDatagramChannel channel, SocketAddress target) {
    this.channel = channel;
    this.target = target;
  }

  /** The socket {@code NOTIFY_SOCKET} names, or empty when the service was not started by systemd as Type=notify. */
  public static Optional<NotifySocket> fromEnvironment(Map<String, String> env) throws IOException {
    String name = env.get("NOTIFY_SOCKET");
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    SocketAddress target = name.startsWith("@")
        ? AFUNIXSocketAddress.inAbstractNamespace(name.substring(1))
        : AFUNIXSocketAddress.of(Path.of(name));
    return Optional.of(new NotifySocket(AFUNIXDatagramChannel.open(), target));
  }

  /** Sends one message, e.g. {@code "READY=1\nSTATUS=scanning"}. */
  public void send(String message) throws IOException {
    channel.send(ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), target);
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing was buffered: a datagram is sent or not
    }
  }
}
