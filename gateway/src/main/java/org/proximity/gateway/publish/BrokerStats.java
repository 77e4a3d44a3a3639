package org.proximity.gateway.publish;

/**
 * The forwarder's view of the broker for the health message: connected now, and totals since start.
 *
 * @param rejected messages dropped after the broker closed the connection each time they were sent
 * @param oversizedPackets packets from the broker over the transport's size bound (each dropped the connection)
 * @param ackTimeouts connections dropped because the oldest publish waited too long for its PUBACK
 * @param stalled the last connection was dropped for a missing PUBACK and none has arrived since
 */
public record BrokerStats(
    boolean connected, long reconnects, long published, long rejected, long oversizedPackets, long ackTimeouts,
    boolean stalled) {}
