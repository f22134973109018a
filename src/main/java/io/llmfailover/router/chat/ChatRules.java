package io.llmfailover.router.chat;

import java.util.List;

/**
 * What every chat request must satisfy, whichever way it came in (the OpenAI door, the Ollama door, a
 * {@code ChatRequest} on {@code direct:chat}): the roles, a user message with text, the temperature range and a
 * positive token cap. Each rule raises an {@link InvalidChatRequestException} naming the field.
 */
public final class ChatRules {

    public static final String NO_USER_TEXT = "messages must contain a user message with text";
    public static final double MAX_TEMPERATURE = 2.0;

    private ChatRules() {
    }

    /** {@code system}, {@code user} or {@code assistant} as the router writes them; null for anything else. */
    public static String role(String role) {
        if (role == null) {
            return null;
        }
        return switch (role) {
            case ChatMessage.SYSTEM -> ChatMessage.SYSTEM;
            case ChatMessage.USER -> ChatMessage.USER;
            case ChatMessage.ASSISTANT -> ChatMessage.ASSISTANT;
            default -> null;
        };
    }

    public static InvalidChatRequestException unknownRole(String path, String shown) {
        return new InvalidChatRequestException(path + ": unknown role '" + shown + "' (expected system, user or assistant)",
                path);
    }

    /** At least one user message with text. */
    public static void requireUserText(List<ChatMessage> messages) {
        for (ChatMessage m : messages) {
            if (ChatMessage.USER.equals(m.role()) && m.content() != null && !m.content().isBlank()) {
                return;
            }
        }
        throw new InvalidChatRequestException(NO_USER_TEXT, "messages");
    }

    /** A temperature from 0 to 2 (NaN for a value that is not a number at all). */
    public static double requireTemperature(double t, String field) {
        if (!(t >= 0 && t <= MAX_TEMPERATURE)) {
            throw new InvalidChatRequestException(field + " must be a number between 0 and 2", field);
        }
        return t;
    }

    /** A token cap greater than 0. */
    public static int requirePositive(long n, String field) {
        if (n <= 0) {
            throw new InvalidChatRequestException(field + " must be an integer greater than 0", field);
        }
        if (n > Integer.MAX_VALUE) {
            throw new InvalidChatRequestException(field + " must be at most " + Integer.MAX_VALUE, field);
        }
        return (int) n;
    }

    /** A number from {@code min} to {@code max} (NaN fails). */
    public static double requireRange(double v, double min, double max, String field) {
        if (!(v >= min && v <= max)) {
            throw new InvalidChatRequestException(field + " must be a number between " + plain(min) + " and "
                    + plain(max), field);
        }
        return v;
    }

    /** Stop sequences: at most {@link Sampling#MAX_STOP}, none empty. */
    public static List<String> requireStops(List<String> stops, String field) {
        if (stops.size() > Sampling.MAX_STOP) {
            throw new InvalidChatRequestException(field + " may hold at most " + Sampling.MAX_STOP + " sequences", field);
        }
        for (int i = 0; i < stops.size(); i++) {
            if (stops.get(i) == null || stops.get(i).isEmpty()) {
                throw new InvalidChatRequestException(field + "[" + i + "] must be a non-empty string",
                        field + "[" + i + "]");
            }
        }
        return stops;
    }

    private static String plain(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
