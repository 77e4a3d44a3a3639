package org.proximity.gateway.status.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.mock.platform.MockPlatform;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.proximity.gateway.status.GatewayStatus;
import org.proximity.gateway.status.LogStatusIndicator;
import org.proximity.gateway.status.StatusIndicator;

/** The LED against Pi4J's mock platform, built explicitly (docs/platform-notes.md#pi4j). */
class Pi4jStatusLedTest {
  private static final int PIN = 17;

  /** What the blink thread did: the pin's state while it holds a phase, and the phase's length. */
  record Step(DigitalState pin, Duration length) {}

  /**
   * Steps the blink thread by hand: each hold reports the pin's state and the phase length, then
   * waits for {@link #next} to be asked again (or for a status change / close once freed).
   */
  static final class SteppingPacer implements Pi4jStatusLed.Pacer {
    private final BlockingQueue<Step> steps = new LinkedBlockingQueue<>();
    private final BlockingQueue<Boolean> go = new LinkedBlockingQueue<>();
    private volatile boolean free;
    volatile DigitalOutput output;

    @Override
    public void hold(Duration length, CountDownLatch wake) throws InterruptedException {
      if (free) {
        wake.await(5, TimeUnit.SECONDS);
        return;
      }
      steps.put(new Step(output.state(), length));
      go.take();
    }

    /** The next phase the thread holds (the previous one is let go first). */
    Step next(boolean first) throws InterruptedException {
      if (!first) {
        go.put(true);
      }
      Step s = steps.poll(10, TimeUnit.SECONDS);
      assertNotNull(s, "the blink thread reached its next phase");
      return s;
    }

    void free() throws InterruptedException {
      free = true;
      go.put(true);
    }
  }

  private Context ctx;

  private static Context mockContext() {
    return Pi4J.newContextBuilder().add(new MockPlatform()).add(MockDigitalOutputProvider.newInstance()).build();
  }

  @AfterEach
  void shutdown() {
    if (ctx != null && !ctx.isShutdown()) {
      ctx.shutdown();
    }
  }

  private Pi4jStatusLed open(boolean activeLow, SteppingPacer pacer) {
    ctx = mockContext();
    // the pacer reads the pin through the registry once the LED has created it
    Pi4jStatusLed.Pacer late = (length, wake) -> {
      if (pacer.output == null) {
        pacer.output = ctx.io(Pi4jStatusLed.THREAD_NAME);
      }
      pacer.hold(length, wake);
    };
    StatusIndicator led = Pi4jStatusLed.open(ctx, PIN, activeLow, late);
    return assertInstanceOf(Pi4jStatusLed.class, led);
  }

  @Test
  void blinks_startingThenTheShownStatus_fromThePhaseStart() throws Exception {
    SteppingPacer pacer = new SteppingPacer();
    Pi4jStatusLed led = open(false, pacer);
    MockDigitalOutput out = ctx.io(Pi4jStatusLed.THREAD_NAME);
    assertEquals(PIN, out.address().intValue());

    assertEquals(new Step(DigitalState.HIGH, Duration.ofMillis(100)), pacer.next(true), "STARTING: short flash");
    assertEquals(new Step(DigitalState.LOW, Duration.ofMillis(900)), pacer.next(false));
    assertEquals(new Step(DigitalState.HIGH, Duration.ofMillis(100)), pacer.next(false), "and again");

    led.show(GatewayStatus.FAULT);
    assertEquals(new Step(DigitalState.HIGH, Duration.ofMillis(150)), pacer.next(false), "FAULT: fast blink");
    assertEquals(new Step(DigitalState.LOW, Duration.ofMillis(150)), pacer.next(false));
    led.show(GatewayStatus.FAULT);
    assertEquals(new Step(DigitalState.HIGH, Duration.ofMillis(150)), pacer.next(false), "repeating a status keeps the rhythm");

    led.show(GatewayStatus.OK);
    assertEquals(new Step(DigitalState.HIGH, Duration.ofMillis(1800)), pacer.next(false), "OK: on with a short off-blink");
    assertEquals(new Step(DigitalState.LOW, Duration.ofMillis(200)), pacer.next(false));

    led.show(GatewayStatus.DEGRADED);
    assertEquals(new Step(DigitalState.HIGH, Duration.ofMillis(1000)), pacer.next(false), "DEGRADED: slow blink");

    pacer.free();
    led.close();
    assertEquals(DigitalState.LOW, out.state(), "off after close");
    assertTrue(ctx.isShutdown(), "the LED releases the pin and the context");
  }

  @Test
  void activeLow_onIsLow_andCloseLeavesThePinHigh() throws Exception {
    SteppingPacer pacer = new SteppingPacer();
    Pi4jStatusLed led = open(true, pacer);
    MockDigitalOutput out = ctx.io(Pi4jStatusLed.THREAD_NAME);
    assertEquals(new Step(DigitalState.LOW, Duration.ofMillis(100)), pacer.next(true));
    assertEquals(new Step(DigitalState.HIGH, Duration.ofMillis(900)), pacer.next(false));
    pacer.free();
    led.close();
    assertEquals(DigitalState.HIGH, out.state(), "active low: off is high");
  }

  @Test
  void realTiming_aNewStatusCutsTheCurrentPhaseShort_andThePinToggles() throws Exception {
    ctx = mockContext();
    // a real-time pacer; the OK pattern's 1.8 s on-phase is cut short by the change to FAULT
    StatusIndicator led = Pi4jStatusLed.open(ctx, PIN, false, Pi4jStatusLed.Pacer.REAL);
    MockDigitalOutput out = ctx.io(Pi4jStatusLed.THREAD_NAME);
    BlockingQueue<DigitalState> changes = new LinkedBlockingQueue<>();
    out.addListener(e -> changes.add(e.state()));
    led.show(GatewayStatus.FAULT);
    int toggles = 0;
    DigitalState last = null;
    while (toggles < 4) {
      DigitalState s = changes.poll(10, TimeUnit.SECONDS);
      assertNotNull(s, "the pin keeps toggling");
      if (s != last) {
        toggles++;
        last = s;
      }
    }
    led.close();
    assertEquals(DigitalState.LOW, out.state());
    assertFalse(Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().equals(Pi4jStatusLed.THREAD_NAME) && t.isAlive()), "the blink thread has ended");
  }

  @Test
  void noGpioChip_fallsBackToTheLog_withoutThrowing() {
    assumeFalse(Files.exists(Path.of("/dev/gpiochip0")), "this machine has a GPIO chip");
    // the production provider, on a machine without a GPIO chip: "No gpio chip yet initialized!"
    ctx = Pi4J.newContextBuilder().add(GpioDDigitalOutputProvider.newInstance()).build();
    StatusIndicator led = Pi4jStatusLed.open(ctx, PIN, false, Pi4jStatusLed.Pacer.REAL);
    assertInstanceOf(LogStatusIndicator.class, led);
    assertTrue(ctx.isShutdown(), "the unusable context is released");
    led.show(GatewayStatus.DEGRADED);
    assertEquals(GatewayStatus.DEGRADED, ((LogStatusIndicator) led).shown());
    led.close();
  }

  @Test
  void noDigitalOutputProvider_fallsBackToTheLog_withoutThrowing() {
    ctx = Pi4J.newContextBuilder().build();
    StatusIndicator led = Pi4jStatusLed.open(ctx, PIN, false, Pi4jStatusLed.Pacer.REAL);
    assertInstanceOf(LogStatusIndicator.class, led);
    led.close();
  }
}
