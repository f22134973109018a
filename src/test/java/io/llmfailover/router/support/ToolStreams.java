package io.llmfailover.router.support;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

/**
 * The four providers' streamed tool calls, in their exact wire formats (docs/wire-formats.md, "Tool calls" in
 * sections 1 to 4): Ollama sends each call whole with its arguments as an object; Gemini a whole {@code functionCall}
 * part (no id); NVIDIA OpenAI's {@code delta.tool_calls} with the id and name first and the arguments in fragments;
 * Anthropic a {@code tool_use} block whose input comes as {@code input_json_delta} fragments. Each answer may start
 * with some text, and asks for one call of {@code name} with {@code arguments} (a JSON object's text).
 */
public final class ToolStreams {

    /** The call id NVIDIA's and Anthropic's streams give (Ollama's and Gemini's give none). */
    public static final String NVIDIA_ID = "call_7Hq2kYyT0dUj4mPq5sW1xZbC";
    public static final String CLAUDE_ID = "toolu_01T1x1fJ34qAmk2tNTrN7Up6";

    private ToolStreams() {
    }

    /** A 200 answer that calls the function (after {@code text}, when not empty). */
    public static ResponseDefinitionBuilder response(StreamBodies.Api api, String text, String name, String arguments) {
        return Upstreams.sse(body(api, text, name, arguments)).withHeader("Content-Type",
                api == StreamBodies.Api.OLLAMA ? "application/x-ndjson" : "text/event-stream");
    }

    public static String body(StreamBodies.Api api, String text, String name, String arguments) {
        return String.join("", events(api, text, name, arguments));
    }

    public static List<String> events(StreamBodies.Api api, String text, String name, String arguments) {
        List<String> out = new ArrayList<>();
        switch (api) {
            case OLLAMA -> {
                if (!text.isEmpty()) {
                    out.add(StreamBodies.piece(api, text));
                }
                out.add("{\"model\":\"llama3.2:3b\",\"created_at\":\"2025-07-07T19:22:45.499127Z\",\"message\":{\"role\":"
                        + "\"assistant\",\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"" + name
                        + "\",\"arguments\":" + arguments + "}}]},\"done\":false}\n");
                out.add("{\"model\":\"llama3.2:3b\",\"created_at\":\"2025-07-07T19:22:45.62Z\",\"message\":{\"role\":"
                        + "\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":"
                        + "885095291,\"load_duration\":3753500,\"prompt_eval_count\":122,\"prompt_eval_duration\":"
                        + "328493000,\"eval_count\":33,\"eval_duration\":552222000}\n");
            }
            case GEMINI -> {
                String textPart = text.isEmpty() ? "" : "{\"text\": " + StreamBodies.json(text) + "},";
                out.add("data: {\"candidates\": [{\"content\": {\"parts\": [" + textPart + "{\"functionCall\": {\"name\": \""
                        + name + "\",\"args\": " + arguments + "}}],\"role\": \"model\"},\"finishReason\": \"STOP\","
                        + "\"index\": 0}],\"usageMetadata\": {\"promptTokenCount\": 70,\"candidatesTokenCount\": 8,"
                        + "\"totalTokenCount\": 78},\"modelVersion\": \"gemini-2.0-flash\",\"responseId\": "
                        + "\"Hk3OaOC4BfHjz7IPiZaI2Qs\"}\r\n\r\n");
            }
            case NVIDIA -> {
                String head = "{\"id\":\"chatcmpl-9f3a\",\"object\":\"chat.completion.chunk\",\"created\":1726012687,"
                        + "\"model\":\"nvidia/nemotron-mini-4b-instruct\",\"choices\":[{\"index\":0,\"delta\":";
                String tail = ",\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}";
                out.add(sse(head + "{\"role\":\"assistant\",\"content\":" + (text.isEmpty() ? "null" : StreamBodies.json(text))
                        + "}" + tail));
                out.add(sse(head + "{\"tool_calls\":[{\"index\":0,\"id\":\"" + NVIDIA_ID + "\",\"type\":\"function\","
                        + "\"function\":{\"name\":\"" + name + "\",\"arguments\":\"\"}}]}" + tail));
                for (String fragment : halves(arguments)) {
                    out.add(sse(head + "{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                            + StreamBodies.json(fragment) + "}}]}" + tail));
                }
                out.add(sse(head + "{}" + ",\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],\"usage\":null}"));
                out.add(sse("{\"id\":\"chatcmpl-9f3a\",\"object\":\"chat.completion.chunk\",\"created\":1726012687,"
                        + "\"model\":\"nvidia/nemotron-mini-4b-instruct\",\"choices\":[],\"usage\":{\"prompt_tokens\":"
                        + "120,\"completion_tokens\":18,\"total_tokens\":138}}"));
                out.add("data: [DONE]\n\n");
            }
            case CLAUDE -> {
                out.add(StreamBodies.opening(api).get(0));
                int block = 0;
                if (!text.isEmpty()) {
                    out.add(named("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                            + "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
                    out.add(StreamBodies.piece(api, text));
                    out.add(named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
                    block = 1;
                }
                out.add(named("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + block
                        + ",\"content_block\":{\"type\":\"tool_use\",\"id\":\"" + CLAUDE_ID + "\",\"name\":\"" + name
                        + "\",\"input\":{}}}"));
                out.add(inputDelta(block, ""));
                for (String fragment : halves(arguments)) {
                    out.add(inputDelta(block, fragment));
                }
                out.add(named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + block + "}"));
                out.add(named("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                        + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":89}}"));
                out.add(named("message_stop", "{\"type\":\"message_stop\"}"));
            }
        }
        return out;
    }

    private static String inputDelta(int block, String fragment) {
        return named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + block
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + StreamBodies.json(fragment) + "}}");
    }

    /** The arguments cut in two, as providers stream them (mid-token). */
    private static List<String> halves(String s) {
        int mid = s.length() / 2;
        return List.of(s.substring(0, mid), s.substring(mid));
    }

    private static String sse(String data) {
        return "data: " + data + "\n\n";
    }

    private static String named(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }
}
