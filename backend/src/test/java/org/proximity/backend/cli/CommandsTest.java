package org.proximity.backend.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.proximity.backend.TestBatches.topic;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.proximity.backend.TestBatches;
import org.proximity.backend.collect.PayloadReader;
import org.proximity.backend.collect.SchemaCatalog;
import org.proximity.backend.store.Store;
import org.proximity.backend.store.StoreWriter;
import picocli.CommandLine;

class CommandsTest {
  @TempDir Path dir;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cmd = new CommandLine(new Main());
    cmd.setOut(new PrintWriter(out));
    cmd.setErr(new PrintWriter(err));
    return cmd.execute(args);
  }

  @Test
  void collect_withABadConfig_exits78_namingKeyRuleAndValue() throws Exception {
    Path cfg = dir.resolve("backend.toml");
    Files.writeString(cfg, "[store]\nurl = \"jdbc:mysql://h/db\"\n[mqtt]\nkeepalive_seconds = 1\n");
    assertEquals(78, run("collect", "--config", cfg.toString()));
    assertEquals("collect: store.url must be an SQLite file path or a jdbc:sqlite: or jdbc:postgresql: URL,"
        + " was \"jdbc:mysql://h/db\"\ncollect: mqtt.keepalive_seconds must be between 5 and 3600, was 1\n", err.toString());
    assertEquals(78, run("collect", "--config", dir.resolve("missing.toml").toString()));
  }

  @Test
  void collect_withAPasswordFileOthersCanRead_exits78_withoutThePassword() throws Exception {
    Path pw = dir.resolve("db.pass");
    Files.writeString(pw, "s3cret\n");
    Path cfg = dir.resolve("backend.toml");
    Files.writeString(cfg, "[store]\nurl = \"jdbc:postgresql://127.0.0.1:1/x\"\nuser = \"u\"\npassword_file = \"" + pw + "\"\n");
    assertEquals(78, run("collect", "--config", cfg.toString()));
    assertTrue(err.toString().startsWith("collect: store.password_file " + pw + " must be readable by its owner only"),
        err.toString());
    assertTrue(!err.toString().contains("s3cret"));
  }

  @Test
  void gaps_listsMissingRangesAndDuplicates_perStream() throws Exception {
    Path db = dir.resolve("store.db");
    PayloadReader reader = new PayloadReader(TestBatches.PREFIX, new SchemaCatalog());
    try (Store store = Store.open(db.toString(), null, null); StoreWriter w = new StoreWriter(store, "c", () -> 0L)) {
      for (long seq : new long[] {2, 3, 3, 7}) {
        w.write(List.of(reader.read(topic("bay-03", "encounters"), TestBatches.encounters("bay-03", seq, 1))));
      }
    }
    assertEquals(0, run("gaps", "--store", db.toString()));
    assertEquals("{\"schema\":\"proximity-backend/gaps/1\","
        + "\"site\":\"ben-xe-mien-dong\",\"gateway\":\"bay-03\",\"epoch\":\"5f2c91ab\",\"stored\":3,\"last_seq\":7,"
        + "\"missing\":[[1,1],[4,6]],\"missing_count\":4,\"duplicates\":1}\n", out.toString());
    assertEquals("gaps: 1 streams, 3 messages stored, 4 missing, 1 duplicate copies\n", err.toString());
  }

  @Test
  void gaps_onAStoreThatCannotBeOpened_exits74() {
    assertEquals(74, run("gaps", "--store", "jdbc:postgresql://127.0.0.1:1/none"));
    assertTrue(err.toString().startsWith("gaps: store jdbc:postgresql://127.0.0.1:1/none cannot be read: "), err.toString());
  }
}
