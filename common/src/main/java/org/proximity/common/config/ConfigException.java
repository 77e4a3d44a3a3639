package org.proximity.common.config;

import java.util.List;

/**
 * A configuration that cannot be used. Each problem names the key, the rule and the value (secrets
 * redacted), in words a technician can act on. No stack trace is meant to reach the user.
 */
public final class ConfigException extends Exception {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join("\n", problems), null, false, false);
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String problem) {
    this(List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
