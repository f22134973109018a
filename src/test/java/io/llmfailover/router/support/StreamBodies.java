package io.llmfailover.router.support;

import java.util.ArrayList;
import java.util.List;

/**
 * The four providers' streamed answers, event by event, in their exact wire formats (docs/wire-formats.md): Ollama
 * NDJSON (section 1), Gemini {@code alt=sse} (2), NVIDIA chat-completion chunks (3), Anthropic named events (4).
 * Each list element is one complete framed record; {@link #terminal} says how many of the last belong to the end.
 */
public final class StreamBodies {

    public enum Api { OLLAMA, GEMINI, NVIDIA, CLAUDE }

    private StreamBodies() {
    }

    /** The text cut into pieces of about a word each (spaces kept), as providers stream it. */
    public static List<String> pieces(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 1; i <= text.length(); i++) {
            if (i == text.length() || text.charAt(i) == ' ') {
                out.add(text.substring(start, i));
                start = i;
            }
        }
        return out;
    }

    /** The whole stream: the opening events, one event per piece, then the closing events. */
    public static List<String> events(Api api, List<String> pieces) {
        List<String> out = new ArrayList<>(opening(api));
        for (String p : pieces) {
            out.add(piece(api, p));
        }
        out.addAll(closing(api, -1));
        return out;
    }

    /** The whole stream as one body. */
    public static String body(Api api, String text) {
        return String.join("", events(api, pieces(text)));
    }

    /** Events before the first text. */
    public static List<String> opening(Api api) {
        return switch (api) {
            case NVIDIA -> List.of(sse("{\"id\":\"chatcmpl-7d3c\",\"object\":\"chat.completion.chunk\",\"created\":1726012687,"
                    + "\"model\":\"nvidia/nemotron-mini-4b-instruct\",\"choices\":[{\"index\":0,\"delta\":{\"role\":"
                    + "\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}"));
            case CLAUDE -> List.of(
                    named("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01ATtd6A2FAsaFDNqzGKiy5c\","
                            + "\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-haiku-4-5-20251001\","
                            + "\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":16,\"output_tokens\":1}}}"),
                    named("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                            + "{\"type\":\"text\",\"text\":\"\"}}"),
                    named("ping", "{\"type\": \"ping\"}"));
            default -> List.of();
        };
    }

    /** One piece of text. */
    public static String piece(Api api, String text) {
        String t = json(text);
        return switch (api) {
            case OLLAMA -> "{\"model\":\"llama3.2:3b\",\"created_at\":\"2023-08-04T08:52:19.385406455-07:00\","
                    + "\"message\":{\"role\":\"assistant\",\"content\":" + t + "},\"done\":false}\n";
            case GEMINI -> "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": " + t + "}],\"role\": \"model\"},"
                    + "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 7,\"totalTokenCount\": 7},"
                    + "\"modelVersion\": \"gemini-2.0-flash\",\"responseId\": \"Hk3OaOC4BfHjz7IPiZaI2Qs\"}\r\n\r\n";
            case NVIDIA -> sse("{\"id\":\"chatcmpl-7d3c\",\"object\":\"chat.completion.chunk\",\"created\":1726012687,"
                    + "\"model\":\"nvidia/nemotron-mini-4b-instruct\",\"choices\":[{\"index\":0,\"delta\":{\"content\":" + t
                    + "},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}");
            case CLAUDE -> named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":" + t + "}}");
        };
    }

    /**
     * Events after the last text: the finish, the usage, the terminator. Fixed token counts, but Ollama's
     * {@code eval_count} is {@code pieces} when that is not negative.
     */
    public static List<String> closing(Api api, int pieces) {
        return switch (api) {
            case OLLAMA -> List.of("{\"model\":\"llama3.2:3b\",\"created_at\":\"2023-08-04T19:22:45.499127Z\","
                    + "\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
                    + "\"total_duration\":4883583458,\"load_duration\":1334875,\"prompt_eval_count\":26,"
                    + "\"prompt_eval_duration\":342546000,\"eval_count\":" + (pieces < 0 ? 290 : pieces) + ",\"eval_duration\":4535599000}\n");
            case GEMINI -> List.of("data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"\"}],\"role\": \"model\"},"
                    + "\"finishReason\": \"STOP\",\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 7,"
                    + "\"candidatesTokenCount\": 22,\"totalTokenCount\": 29},"
                    + "\"modelVersion\": \"gemini-2.0-flash\",\"responseId\": \"Hk3OaOC4BfHjz7IPiZaI2Qs\"}\r\n\r\n");
            case NVIDIA -> List.of(
                    sse("{\"id\":\"chatcmpl-7d3c\",\"object\":\"chat.completion.chunk\",\"created\":1726012687,"
                            + "\"model\":\"nvidia/nemotron-mini-4b-instruct\",\"choices\":[{\"index\":0,\"delta\":{},"
                            + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}"),
                    sse("{\"id\":\"chatcmpl-7d3c\",\"object\":\"chat.completion.chunk\",\"created\":1726012687,"
                            + "\"model\":\"nvidia/nemotron-mini-4b-instruct\",\"choices\":[],\"usage\":{\"prompt_tokens\":13,"
                            + "\"completion_tokens\":5,\"total_tokens\":18}}"),
                    "data: [DONE]\n\n");
            case CLAUDE -> List.of(
                    named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                    named("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                            + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":35}}"),
                    named("message_stop", "{\"type\":\"message_stop\"}"));
        };
    }

    /** The provider's in-stream error event. */
    public static String error(Api api) {
        return switch (api) {
            case OLLAMA -> "{\"error\":\"an error was encountered while running the model: unexpected EOF\"}\n";
            case GEMINI -> "data: {\"error\": {\"code\": 503,\"message\": \"The model is overloaded. Please try again later.\","
                    + "\"status\": \"UNAVAILABLE\"}}\r\n\r\n";
            case NVIDIA -> sse("{\"error\":{\"message\":\"Internal server error\",\"type\":\"internal_error\"}}");
            case CLAUDE -> named("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        };
    }

    /** An event that cannot be read. */
    public static String malformed(Api api) {
        return api == Api.OLLAMA ? "{\"model\":\"llama3.2:3b\",\"message\":{\"content\":\n" : "data: {\"choices\": [{\"delta\n\n";
    }

    private static String sse(String data) {
        return "data: " + data + "\n\n";
    }

    private static String named(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }

    static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
