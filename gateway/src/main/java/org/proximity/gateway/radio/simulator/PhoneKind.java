package org.proximity.gateway.radio.simulator;

/** The tracing apps the simulator puts on phones (protocols.md quick map). */
public enum PhoneKind {
  /** Exposure Notification: RPI + AEM in 0xFD6F service data (protocols.md 2). */
  GAEN,
  /** Bluezone on Android: 12-byte ID in manufacturer data 0x22B5 (protocols.md 3.2). */
  BLUEZONE_ANDROID,
  /** Bluezone on an iPhone in the background: overflow-area bit only, count only (protocols.md 3.3). */
  BLUEZONE_IOS
}
