package io.llmfailover.router.settings;

import java.time.Duration;

/** Where alerts go, {@code llm.telegram.*}. The bot token stays out of {@link #toString()}. */
public record TelegramSettings(String baseUrl, String token, String chatId, Duration timeout) {

    static TelegramSettings read(SettingsReader r) {
        return new TelegramSettings(r.url("llm.telegram.base-url"), r.optional("llm.telegram.token"),
                r.optional("llm.telegram.chat-id"), r.duration("llm.telegram.timeout", Duration.ofMillis(100)));
    }

    /** True when a bot token and a chat id are configured. */
    public boolean configured() {
        return token != null && chatId != null;
    }

    @Override
    public String toString() {
        return "TelegramSettings[" + baseUrl + ", chat " + chatId + (token == null ? ", no token" : ", token set") + "]";
    }
}
