package org.proximity.gateway.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.List;
import java.util.Set;

/**
 * Replaces a file so that a reader, and the file system after a power cut, sees either the old
 * content or the new, never a mix: the content goes to a temporary file beside the target
 * ({@link #temporary}), which is fsynced and renamed over the target (rename(2) within one
 * directory is atomic, POSIX.1-2017 "rename"), and then the directory is fsynced so that the
 * rename itself is on disk. On any failure the temporary file is removed and the target is as it
 * was. The one way the gateway replaces a file (the outbox's {@code acked} and {@code epoch}, the
 * day key file, the status file).
 */
public final class AtomicFile {

  /** Choices of a write; none of them by default. */
  public enum Option {
    /** The new file is readable and writable by its owner only (0600), whatever the umask. */
    OWNER_ONLY,
    /**
     * No fsync of the file or the directory: for a file rewritten every few seconds that is worth
     * nothing after a power cut, where a sync would only wear the SD card. Still never half written.
     */
    NO_SYNC
  }

  private AtomicFile() {}

  /** Writes {@code content} to {@code file} as described above; the parent directory must exist. */
  public static void write(Path file, byte[] content, Option... options) throws IOException {
    List<Option> chosen = List.of(options);
    boolean sync = !chosen.contains(Option.NO_SYNC);
    Path target = file.toAbsolutePath();
    Path tmp = temporary(target);
    if (Files.isRegularFile(tmp, LinkOption.NOFOLLOW_LINKS)) {
      Files.delete(tmp); // left by a crash: it keeps its old mode, so it is created afresh
    }
    FileAttribute<?>[] mode = chosen.contains(Option.OWNER_ONLY) ? OwnerOnly.file() : new FileAttribute<?>[0];
    boolean created = false;
    boolean renamed = false;
    try {
      // CREATE_NEW: anything else in the temporary file's place (a link, a directory) is refused, never followed
      try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), mode)) {
        created = true;
        ByteBuffer b = ByteBuffer.wrap(content);
        while (b.hasRemaining()) {
          ch.write(b);
        }
        if (sync) {
          ch.force(true);
        }
      }
      // checked here, not first, so that a directory put in place meanwhile is caught too
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        throw new IOException(file + " is a directory; name the file itself");
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      renamed = true;
    } finally {
      if (created && !renamed) {
        deleteQuietly(tmp);
      }
    }
    if (sync) {
      syncDirectory(target.getParent());
    }
  }

  /** The temporary file a write of {@code file} uses: its name with {@code .tmp} appended, beside it. */
  public static Path temporary(Path file) {
    return file.resolveSibling(file.getFileName() + ".tmp");
  }

  /** Makes the directory's entries (a created, renamed or deleted file) durable: fsync of the directory. */
  public static void syncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  private static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // the caller reports the first failure; a leftover is replaced by the next write
    }
  }
}
