package org.proximity.gateway.radio.recovery;

/**
 * Told by a radio source when its {@link RecoveryLadder} gives up; the composition root ends the
 * process with status 75 (common.cli.ExitCodes.RADIO_FAILED) so that systemd restarts it.
 */
@FunctionalInterface
public interface RadioFailureHandler {
  void radioFailed(String reason);
}
