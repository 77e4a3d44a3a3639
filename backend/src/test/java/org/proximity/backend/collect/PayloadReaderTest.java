package org.proximity.backend.collect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.proximity.backend.TestBatches;
import org.proximity.backend.collect.Inbound.Reason;

/**
 * Encounters are held to their JSON Schema by the decoder alone (no validator on that path): what only
 * the schema used to refuse must still be quarantined as {@code invalid}, with the reasons as before.
 */
class PayloadReaderTest {
  private static final PayloadReader READER = new PayloadReader(TestBatches.PREFIX, new SchemaCatalog());
  private static final String TOPIC = TestBatches.topic("bay-03", "encounters");
  private static final String GOOD = new String(TestBatches.encounters("bay-03", 7, 3), StandardCharsets.UTF_8);

  @Test
  void aGatewaysMessage_isRead() {
    Inbound.Encounters e = assertInstanceOf(Inbound.Encounters.class, read(TOPIC, GOOD));
    assertEquals(3, e.message().batch().records().size());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "unknown field in a record   | INVALID        | \"kind\":\"gaen\"=>\"kind\":\"gaen\",\"tx\":1",
    "unknown field in rssi       | INVALID        | \"median\":-75=>\"median\":-75,\"mean\":-75",
    "unknown field in the bucket | INVALID        | \"minutes\":30=>\"minutes\":30,\"tz\":0",
    "unknown field in the clock  | INVALID        | \"synced\":true=>\"synced\":true,\"drift\":0",
    "unknown field in counts     | INVALID        | \"late\":0=>\"late\":0,\"early\":0",
    "unknown field in part       | INVALID        | \"count\":1=>\"count\":1,\"of\":1",
    "a time with an offset       | INVALID        | 10:01:00Z=>10:01:00+00:00",
    "a time with milliseconds    | INVALID        | 10:01:00Z=>10:01:00.000Z",
    "an upper-case epoch         | INVALID        | 5f2c91ab=>5F2C91AB",
    "a kind name with a capital  | INVALID        | \"other\":7=>\"other\":7,\"Other\":0",
    "another schema version      | UNKNOWN_SCHEMA | encounters/2=>encounters/3",
    "not JSON                    | NOT_JSON       | {=>[",
  })
  void whatTheSchemaRefuses_isQuarantinedWithItsReason(String what, Reason reason, String edit) {
    String[] e = edit.split("=>", -1);
    assertTrue(GOOD.contains(e[0]), "the edit must apply: " + e[0]);
    Inbound.Rejected r = assertInstanceOf(Inbound.Rejected.class, read(TOPIC, GOOD.replace(e[0], e[1])), what);
    assertEquals(reason, r.reason(), r.detail());
  }

  @Test
  void anotherGatewaysTopic_isInvalid() {
    Inbound.Rejected r = assertInstanceOf(Inbound.Rejected.class, read(TestBatches.topic("bay-04", "encounters"), GOOD));
    assertEquals(Reason.INVALID, r.reason());
    assertTrue(r.detail().contains("differ from the topic"), r.detail());
  }

  private static Inbound read(String topic, String payload) {
    return READER.read(topic, payload.getBytes(StandardCharsets.UTF_8));
  }
}
