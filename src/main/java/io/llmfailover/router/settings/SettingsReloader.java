package io.llmfailover.router.settings;

/** Reloads the configuration (the JMX operation and the file watch ask it): see {@code wiring/SettingsReload}. */
public interface SettingsReloader {

    /**
     * Reads the configuration again and, when every value checks, puts the providers and the matrix in force for
     * the next prompt; otherwise refuses it whole and the running configuration stays.
     *
     * @return one line: what changed, or why the edit was refused
     */
    String reload(String trigger);
}
