package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.common.testing.MosquittoBroker;

/** {@code selftest} in-process against a real Mosquitto (its refusals without one: SelfTestCommandTest). */
class SelfTestCommandIT {
  @TempDir Path dir;

  @Test
  void selftest_everythingInPlace_passesWithOneLinePerCheck() throws Exception {
    try (MosquittoBroker broker = MosquittoBroker.startTemporary()) {
      Cli.Run r = Cli.run("selftest", "--config", SelfTestCommandTest.config(dir, broker.url()).toString());
      assertEquals(0, r.exit(), r.out() + r.err());
      assertTrue(r.out().contains("[ ok ] keys: day key 2024-10-04, key id 5f560cb5"), r.out());
      assertTrue(r.out().contains("[ ok ] state directory "), r.out());
      assertTrue(r.out().contains("[ ok ] broker " + broker.url() + " accepted the connection"), r.out());
      assertTrue(r.out().contains("[ ok ] radio: source simulator needs no hardware"), r.out());
      assertTrue(r.out().endsWith("selftest: all checks passed\n"), r.out());
    }
  }
}
