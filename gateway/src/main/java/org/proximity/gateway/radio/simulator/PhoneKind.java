package org.proximity.gateway.radio.simulator;

/** The tracing apps the simulator puts on phones (docs/visibility.md). */
public enum PhoneKind {
  /** Exposure Notification: RPI + AEM in 0xFD6F service data (docs/gaen.md). */
  GAEN,
  /** Bluezone on Android: 12-byte ID in manufacturer data 0x22B5 (docs/bluezone.md#android-advertisement). */
  BLUEZONE_ANDROID,
  /** Bluezone on an iPhone in the background: overflow-area bit only, count only (docs/bluezone.md#iphones). */
  BLUEZONE_IOS
}
