package org.proximity.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.proximity.common.testing.MosquittoBroker;

/** A test station's gateway.toml for a child-process service: one-minute buckets, trusted clock. */
public final class TestStation {
  /** A fixed site root key for test stations; never a real one. */
  public static final String ROOT = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

  private TestStation() {}

  /** Writes {@link #ROOT} to {@code dir/root.key}, owner-only (the loader refuses anything wider). */
  public static Path rootKey(Path dir) throws IOException {
    Path root = dir.resolve("root.key");
    Files.writeString(root, ROOT + "\n");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rw-------"));
    return root;
  }

  /**
   * Writes {@code dir/gateway.toml}: gateway bay-03 of {@link MosquittoBroker#SITE}, the root key in {@code dir},
   * the broker at {@code url}, the outbox under {@code dir/state}, and {@code radio} as the lines
   * of the [radio] table.
   */
  public static Path config(Path dir, String url, String... radio) throws IOException {
    Path cfg = dir.resolve("gateway.toml");
    Files.writeString(cfg, String.join("\n",
        "site = \"" + MosquittoBroker.SITE + "\"",
        "gateway = \"bay-03\"",
        "[radio]",
        String.join("\n", radio),
        "[keys]",
        "root_key_file = \"" + rootKey(dir) + "\"",
        "[buckets]",
        "minutes = 1",
        "[clock]",
        "sync = \"trust\"",
        "[mqtt]",
        "url = \"" + url + "\"",
        "[outbox]",
        "dir = \"" + dir.resolve("state/outbox") + "\"",
        ""));
    return cfg;
  }
}
