package io.llmfailover.router.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/** The Telegram Bot API's sendMessage faked at the wire (docs/wire-formats.md section 5). */
public final class TelegramStub implements AutoCloseable {

    /** A bot token for tests (the real ones look like 123456789:AA...). */
    public static final String TOKEN = "42:telegram-test-token";
    public static final String CHAT_ID = "4242";
    public static final String PATH = "/bot" + TOKEN + "/sendMessage";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final int port = FreePorts.next();
    private final WireMockServer server;

    public TelegramStub() {
        server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").port(port));
        server.start();
        ok();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public WireMockServer server() {
        return server;
    }

    /** Router properties that send alerts here. */
    public java.util.Map<String, String> routerProperties() {
        return java.util.Map.of("llm.telegram.base-url", url(), "llm.telegram.token", TOKEN,
                "llm.telegram.chat-id", CHAT_ID);
    }

    public void ok() {
        answer(json(200, "{\"ok\":true,\"result\":{\"message_id\":42,\"from\":{\"id\":987654321,\"is_bot\":true,"
                + "\"first_name\":\"MyBot\",\"username\":\"my_example_bot\"},\"chat\":{\"id\":4242,"
                + "\"first_name\":\"John\",\"username\":\"johndoe\",\"type\":\"private\"},\"date\":1746268800,"
                + "\"text\":\"Hello world\"}}"));
    }

    public void answer(ResponseDefinitionBuilder response) {
        server.resetMappings();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(response));
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** The requests that reached sendMessage, oldest first. */
    public List<ServeEvent> requests() {
        List<ServeEvent> all = new ArrayList<>(server.getAllServeEvents());
        all.removeIf(e -> !e.getRequest().getUrl().equals(PATH));
        all.sort(java.util.Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        return all;
    }

    /** Texts of the messages Telegram accepted (answered 200), oldest first. */
    public List<String> delivered() {
        List<String> texts = new ArrayList<>();
        for (ServeEvent e : requests()) {
            if (e.getResponse().getStatus() == 200) {
                texts.add(text(e));
            }
        }
        return texts;
    }

    public List<String> delivered(String startingWith) {
        return delivered().stream().filter(t -> t.startsWith(startingWith)).toList();
    }

    public static String text(ServeEvent e) {
        try {
            JsonNode body = JSON.readTree(e.getRequest().getBodyAsString());
            return body.path("text").asText();
        } catch (Exception ex) {
            return e.getRequest().getBodyAsString();
        }
    }

    public static String chatId(ServeEvent e) {
        try {
            return JSON.readTree(e.getRequest().getBodyAsString()).path("chat_id").asText();
        } catch (Exception ex) {
            return null;
        }
    }

    public void stop() {
        server.stop();
    }

    public void start() {
        server.start();
    }

    @Override
    public void close() {
        server.stop();
    }
}
