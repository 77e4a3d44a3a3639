package org.proximity.backend.collect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RejectLogTest {
  static Inbound.Rejected bad(String gateway, Inbound.Reason reason) {
    return new Inbound.Rejected("p/s/" + gateway + "/encounters", "s", gateway, reason, "detail", new byte[0]);
  }

  @Test
  void oneLinePerGatewayAndReason_perInterval() {
    AtomicLong now = new AtomicLong(1_000);
    RejectLog log = new RejectLog(60, now::get);
    assertTrue(log.rejected(bad("g1", Inbound.Reason.NOT_JSON)));
    assertFalse(log.rejected(bad("g1", Inbound.Reason.NOT_JSON)), "same gateway and reason: held back");
    assertTrue(log.rejected(bad("g1", Inbound.Reason.INVALID)), "another reason");
    assertTrue(log.rejected(bad("g2", Inbound.Reason.NOT_JSON)), "another gateway");
    now.addAndGet(TimeUnit.SECONDS.toNanos(59));
    assertFalse(log.rejected(bad("g1", Inbound.Reason.NOT_JSON)));
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertTrue(log.rejected(bad("g1", Inbound.Reason.NOT_JSON)), "the interval has passed");
  }
}
