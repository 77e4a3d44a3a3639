/**
 * The status LED a technician reads at a glance: a {@link org.proximity.gateway.status.GatewayStatus}
 * derived purely from the health snapshot ({@link org.proximity.gateway.status.StatusRules}), a
 * blink pattern per status ({@link org.proximity.gateway.status.BlinkPattern}), and the
 * {@link org.proximity.gateway.status.StatusIndicator} port with two implementations: the log
 * (default) and a GPIO LED ({@code status.gpio}, the only package that imports Pi4J).
 */
package org.proximity.gateway.status;
