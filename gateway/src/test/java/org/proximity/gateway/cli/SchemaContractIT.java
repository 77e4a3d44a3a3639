package org.proximity.gateway.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a running gateway publishes into a real Mosquitto, against the schemas (the other sources: SchemaContractTest). */
class SchemaContractIT {
  static Stream<Arguments> liveLeaves() {
    return SchemaContractTest.LIVE.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(e -> Arguments.of(e.getKey(), e.getValue()));
  }

  @ParameterizedTest(name = "{0} against {1}")
  @MethodSource("liveLeaves")
  void payloads_ofARunningGateway_validateAgainstTheirSchema(String leaf, String schemaFile) throws Exception {
    List<byte[]> payloads = LiveGatewayPayloads.of(leaf);
    assertFalse(payloads.isEmpty(), "the running gateway published on " + leaf);
    SchemaContractTest.validate(schemaFile, "a running gateway on " + leaf, payloads);
  }
}
