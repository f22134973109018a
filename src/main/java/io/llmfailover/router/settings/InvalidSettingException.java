package io.llmfailover.router.settings;

/**
 * A configuration value that the router cannot run with. The message is one line that names the key and the
 * offending value (never the value of a secret), so an operator can fix it without reading a stack trace.
 */
public class InvalidSettingException extends IllegalArgumentException {

    private final String key;

    public InvalidSettingException(String key, String shownValue, String problem) {
        super("Invalid setting " + key + "=" + shownValue + ": " + problem);
        this.key = key;
    }

    public String getKey() {
        return key;
    }
}
