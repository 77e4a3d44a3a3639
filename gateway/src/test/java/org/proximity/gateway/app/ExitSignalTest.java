package org.proximity.gateway.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.proximity.common.cli.ExitCodes;

class ExitSignalTest {

  @Test
  void firstEndWins_laterOnesChangeNothing() throws Exception {
    ExitSignal exit = new ExitSignal();
    exit.end(ExitCodes.RADIO_FAILED);
    exit.end(ExitCodes.OK); // the stop that follows a radio failure
    assertEquals(ExitCodes.RADIO_FAILED, exit.await());
  }

  @Test
  void await_waitsForTheEnd_fromAnotherThread() throws Exception {
    ExitSignal exit = new ExitSignal();
    CompletableFuture<Integer> waiter = CompletableFuture.supplyAsync(() -> {
      try {
        return exit.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    assertFalse(waiter.isDone(), "nothing ended the service yet");
    exit.end(ExitCodes.DATA_ERROR);
    assertEquals(ExitCodes.DATA_ERROR, waiter.get(10, TimeUnit.SECONDS));
  }
}
