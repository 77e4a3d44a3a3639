package org.proximity.gateway.publish;

/**
 * The forwarder's view of the broker for the health message: connected now, and totals since start.
 *
 * @param rejected messages dropped after the broker closed the connection each time they were sent
 * @param oversizedPackets packets from the broker over the transport's size bound (each dropped the connection)
 */
public record BrokerStats(boolean connected, long reconnects, long published, long rejected, long oversizedPackets) {}
