package org.proximity.gateway.publish.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import org.proximity.gateway.files.OwnerOnly;

/**
 * An exclusive lock on the state directory (the outbox), held by one {@code run} for as long as it
 * runs: two processes on one config would share the outbox and the MQTT client id, throw each other
 * off the broker and delete each other's segments. The lock is an OS file lock ({@code fcntl}) on
 * {@value #FILE}, so it is released when the process ends, however it ends; the file holds the
 * holder's pid for the message only.
 */
public final class StateDirectoryLock implements AutoCloseable {
  public static final String FILE = "lock";

  /** Another process holds the lock. */
  public static final class InUseException extends IOException {
    public InUseException(String message) {
      super(message);
    }
  }

  private final FileChannel channel;
  private final FileLock lock;

  private StateDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock on {@code dir} (created owner-only if missing), or throws {@link InUseException}. */
  public static StateDirectoryLock acquire(Path dir) throws IOException {
    OwnerOnly.createDirectories(dir);
    Path file = dir.resolve(FILE);
    FileChannel ch = FileChannel.open(file,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), OwnerOnly.file());
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this process already
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      String holder = holder(ch);
      ch.close();
      throw new InUseException("the state directory " + dir + " (outbox.dir) is in use by another gateway process"
          + holder + "; stop it first (systemctl stop proximity-gateway) or give this one its own outbox.dir");
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
    return new StateDirectoryLock(ch, lock);
  }

  private static String holder(FileChannel ch) {
    try {
      ByteBuffer b = ByteBuffer.allocate(32);
      ch.read(b, 0);
      String pid = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).trim();
      return pid.matches("[0-9]{1,10}") ? " (pid " + pid + ")" : "";
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the OS releases the lock with the process anyway
    }
  }
}
