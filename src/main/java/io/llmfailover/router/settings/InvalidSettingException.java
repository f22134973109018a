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

    private InvalidSettingException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The same error about the same value, named by the key it was set with ({@code llm.ollama.url} for its alias). */
    InvalidSettingException named(String setKey) {
        return setKey.equals(key) ? this : new InvalidSettingException(setKey,
                getMessage().replaceFirst(java.util.regex.Pattern.quote("Invalid setting " + key + "="),
                        java.util.regex.Matcher.quoteReplacement("Invalid setting " + setKey + "=")));
    }

    /** The same error, saying where the value was set (a file, the environment). */
    public InvalidSettingException from(String source) {
        return source == null || source.isBlank() ? this : new InvalidSettingException(key, getMessage() + " (set in "
                + source + ")");
    }

    public String getKey() {
        return key;
    }
}
