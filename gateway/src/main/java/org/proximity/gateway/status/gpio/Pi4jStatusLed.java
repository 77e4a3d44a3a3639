package org.proximity.gateway.status.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.proximity.gateway.status.BlinkPattern;
import org.proximity.gateway.status.GatewayStatus;
import org.proximity.gateway.status.LogStatusIndicator;
import org.proximity.gateway.status.StatusIndicator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A status LED on one GPIO pin (BCM numbering) through Pi4J's libgpiod provider. The thread
 * {@value #THREAD_NAME} owns the pin and plays the {@link BlinkPattern} of the newest status;
 * {@link #show} only records the status and wakes it. Status changes are also logged once.
 *
 * <p>On a machine without a GPIO chip (x86, CI), or when the pin cannot be claimed, {@link #open}
 * logs one line ({@value #NO_CHIP}) and returns a {@link LogStatusIndicator} instead: the LED is
 * an aid, never a reason to stop the service.
 */
public final class Pi4jStatusLed implements StatusIndicator {
  public static final String THREAD_NAME = "status-led";
  static final String NO_CHIP = "no GPIO chip: status LED disabled, status goes to the log";
  private static final Logger LOG = LoggerFactory.getLogger(Pi4jStatusLed.class);

  private final Context pi4j;
  private final Pacer pacer;
  private final LogStatusIndicator log = new LogStatusIndicator();
  private final Thread thread;
  private final Object lock = new Object();

  private final DigitalOutput output; // written only by the status-led thread, then by close() after joining it
  private final boolean activeLow;
  private GatewayStatus wanted = GatewayStatus.STARTING; // guarded by lock
  private CountDownLatch wake = new CountDownLatch(1); // guarded by lock; counted down on a change or close
  private boolean closed; // guarded by lock

  /** How the blink thread waits out one phase; tests step through patterns with their own. */
  @FunctionalInterface
  public interface Pacer {
    /** Real time. */
    Pacer REAL = (length, wake) -> wake.await(length.toNanos(), TimeUnit.NANOSECONDS);

    /** Waits for {@code length}, returning early once {@code wake} is counted down (a new status or close). */
    void hold(Duration length, CountDownLatch wake) throws InterruptedException;
  }

  private Pi4jStatusLed(Context pi4j, DigitalOutput output, boolean activeLow, Pacer pacer) {
    this.pi4j = pi4j;
    this.output = output;
    this.activeLow = activeLow;
    this.pacer = pacer;
    this.thread = new Thread(this::blink, THREAD_NAME);
    this.thread.setDaemon(true);
  }

  /**
   * The production LED: a Pi4J context with the installed platforms (Raspberry Pi + libgpiod).
   * Never throws; without a usable pin the result logs instead.
   */
  public static StatusIndicator open(int bcmPin, boolean activeLow) {
    Context ctx;
    try {
      ctx = Pi4J.newContextBuilder().autoDetect().disableShutdownHook().build();
    } catch (RuntimeException | LinkageError e) {
      return fallback(bcmPin, e);
    }
    return open(ctx, bcmPin, activeLow, Pacer.REAL);
  }

  /**
   * An LED on {@code bcmPin} of the context's default digital output provider. Takes ownership of
   * the context (shuts it down on close, or at once when the pin cannot be used). Never throws.
   */
  public static StatusIndicator open(Context ctx, int bcmPin, boolean activeLow, Pacer pacer) {
    DigitalState off = activeLow ? DigitalState.HIGH : DigitalState.LOW;
    DigitalOutput out;
    try {
      out = ctx.create(
          DigitalOutput.newConfigBuilder(ctx).id(THREAD_NAME).name("status LED").address(bcmPin).initial(off).shutdown(off).build());
    } catch (RuntimeException | LinkageError e) {
      shutdownQuietly(ctx);
      return fallback(bcmPin, e);
    }
    Pi4jStatusLed led = new Pi4jStatusLed(ctx, out, activeLow, pacer);
    led.thread.start();
    LOG.info("status LED on GPIO {} (BCM{})", bcmPin, activeLow ? ", active low" : "");
    return led;
  }

  private static StatusIndicator fallback(int bcmPin, Throwable e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    LOG.warn("{} (status.led_gpio = {}: {})", NO_CHIP, bcmPin, reason);
    return new LogStatusIndicator();
  }

  @Override
  public void show(GatewayStatus status) {
    show(status, status.description());
  }

  @Override
  public void show(GatewayStatus status, String cause) {
    log.show(status, cause);
    synchronized (lock) {
      if (closed || status == wanted) {
        return;
      }
      wanted = status;
      wake.countDown();
      wake = new CountDownLatch(1);
    }
  }

  /** The blink loop: the only code that writes the pin while the LED is open. */
  private void blink() {
    GatewayStatus showing = null;
    int phase = 0;
    try {
      while (true) {
        CountDownLatch woken;
        synchronized (lock) {
          if (closed) {
            return;
          }
          if (wanted != showing) {
            showing = wanted;
            phase = 0;
          }
          woken = wake;
        }
        List<BlinkPattern.Phase> phases = BlinkPattern.of(showing).phases();
        BlinkPattern.Phase p = phases.get(phase);
        write(p.on());
        phase = (phase + 1) % phases.size();
        pacer.hold(p.length(), woken);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.warn("status LED stopped: {}; status goes to the log", e.toString());
    }
  }

  private void write(boolean on) {
    output.state(on != activeLow ? DigitalState.HIGH : DigitalState.LOW);
  }

  /** Stops the blink thread, turns the LED off and releases the pin. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      wake.countDown();
    }
    try {
      thread.join(2_000);
      if (thread.isAlive()) {
        thread.interrupt();
        thread.join(1_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      write(false);
    } catch (RuntimeException e) {
      LOG.warn("status LED could not be turned off: {}", e.toString());
    }
    shutdownQuietly(pi4j);
  }

  private static void shutdownQuietly(Context ctx) {
    try {
      ctx.shutdown();
    } catch (RuntimeException e) {
      LOG.debug("Pi4J shutdown: {}", e.toString());
    }
  }
}
