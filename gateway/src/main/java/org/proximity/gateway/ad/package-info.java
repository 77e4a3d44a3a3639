/**
 * Advertising data: the generic AD-structure parser ({@link org.proximity.gateway.ad.AdParser})
 * and the contact-tracing decoder ({@link org.proximity.gateway.ad.AdvertisementDecoder}).
 *
 * <p>Pure code: no I/O, no clock, no hardware imports. Raw rolling IDs pass through here, so no
 * type in this package prints them.
 */
package org.proximity.gateway.ad;
