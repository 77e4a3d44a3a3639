package org.proximity.gateway.publish;

import java.time.Instant;
import java.util.List;

/** Lets implementations in sub-packages extend the package-private contract test. */
public abstract class OutboxContractTestBridge extends OutboxContractTest {
  @Override
  final Outbox newOutbox() throws Exception {
    return newOutboxForContract();
  }

  protected abstract Outbox newOutboxForContract() throws Exception;

  protected static OutboundMessage msg(long seq) {
    return OutboxContractTest.msg(seq);
  }

  protected static List<Long> seqs(List<OutboundMessage> ms) {
    return OutboxContractTest.seqs(ms);
  }

  protected static final Instant T0 = OutboxContractTest.T0;
}
