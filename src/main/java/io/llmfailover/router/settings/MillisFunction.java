package io.llmfailover.router.settings;

import org.apache.camel.spi.PropertiesFunction;

/**
 * The property placeholder function {@code millis}: {@code {{millis:llm.ollama.connect-timeout}}} is the value of that
 * key, written as a duration ({@code 60s}), in milliseconds ({@code 60000}). Endpoint options such as camel-http's
 * timeouts take plain milliseconds, while application.properties writes durations the way people read them; this
 * keeps one key, in that file, for both.
 */
public final class MillisFunction implements PropertiesFunction {

    public static final String NAME = "millis";

    @Override
    public String getName() {
        return NAME;
    }

    /** Camel resolves the key first and hands over its value. */
    @Override
    public boolean lookupFirst(String remainder) {
        return true;
    }

    @Override
    public String apply(String value) {
        return Long.toString(Durations.parse(value).toMillis());
    }
}
