package org.proximity.gateway.files;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Owner-only modes for what the gateway creates in its state directory, its key files and its
 * simulation truth (directories 0700, files 0600), set explicitly at creation so they do not
 * depend on the umask (a technician's shell has 022; systemd's {@code UMask=0077} covers only the
 * service). Nothing on a file system without POSIX permissions.
 */
public final class OwnerOnly {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final FileAttribute<?>[] NONE = new FileAttribute<?>[0];

  private OwnerOnly() {}

  public static FileAttribute<?>[] file() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))} : NONE;
  }

  public static FileAttribute<?>[] directory() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))} : NONE;
  }

  /** Creates {@code dir} and missing parents, each 0700; an existing directory keeps its mode. */
  public static void createDirectories(Path dir) throws IOException {
    Files.createDirectories(dir, directory());
  }
}
