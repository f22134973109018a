package io.llmfailover.router.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.llmfailover.router.chat.ChatMessage;
import io.llmfailover.router.chat.ChatRequest;
import io.llmfailover.router.chat.ChatResponse;
import io.llmfailover.router.chat.Tool;
import io.llmfailover.router.chat.ToolCall;
import io.llmfailover.router.chat.ToolSet;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AggregationStrategies;
import org.apache.camel.builder.RouteBuilder;

/** A question in, the model's text answer out: direct:chat again and again, running the tools it calls. */
public class ToolLoopRoute extends RouteBuilder {

    static final Tool GET_WEATHER = new Tool("get_weather", "The current weather in a city",
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}", false);
    static final int MAX_ROUNDS = 5;

    @Override
    public void configure() {
        // body: a question -> the answer's text
        from("direct:ask-with-tools").routeId("ask-with-tools")
            .setBody(e -> new ChatRequest(List.of(ChatMessage.user(e.getMessage().getBody(String.class))),
                    null, null, null, null, null, null, ToolSet.of(List.of(GET_WEATHER))))
            .loop(MAX_ROUNDS)                                      // a model that keeps calling tools stops here
                .filter(body().isInstanceOf(ChatRequest.class))    // not answered yet
                    .setProperty("request", body())
                    .to("direct:chat")                             // body: a ChatResponse
                    .choice()
                        .when(e -> e.getMessage().getBody(ChatResponse.class).hasToolCalls())
                            .to("direct:run-tools")                // body: the next ChatRequest
                        .otherwise()
                            .setBody(e -> e.getMessage().getBody(ChatResponse.class).text())
                    .end()
                .end()
            .end()
            .filter(body().isInstanceOf(ChatRequest.class))
                .throwException(IllegalStateException.class, "still calling tools after " + MAX_ROUNDS + " rounds")
            .end();

        // body: an answer that calls tools -> the next request: the conversation, that answer, each tool's result
        from("direct:run-tools").routeId("run-tools")
            .setProperty("answer", body())
            .setBody(e -> e.getMessage().getBody(ChatResponse.class).toolCalls())
            .split(body(), AggregationStrategies.flexible(ChatMessage.class).accumulateInCollection(ArrayList.class))
                .to("direct:run-tool")
            .end()
            .setBody(ToolLoopRoute::next);

        // body: a ToolCall -> a tool message with the result, for the call's id
        from("direct:run-tool").routeId("run-tool")
            .setProperty("call", body())
            .setBody(e -> e.getMessage().getBody(ToolCall.class).arguments())   // a JSON object's text
            .choice()
                .when(e -> "get_weather".equals(e.getProperty("call", ToolCall.class).name()))
                    .to("direct:get-weather")
                .otherwise()
                    .setBody(constant("no such tool"))
            .end()
            .setBody(e -> {
                ToolCall call = e.getProperty("call", ToolCall.class);
                return ChatMessage.tool(call.id(), call.name(), e.getMessage().getBody(String.class));
            });

        // the tool: {"city":"Paris"} -> the weather there (your weather service goes here)
        from("direct:get-weather").routeId("get-weather")
            .unmarshal().json(Map.class)
            .setBody(simple("${body[city]}: sunny, 18 degrees"));
    }

    /** The request again, with the answer that called the tools and their results (the split's list) added. */
    private static ChatRequest next(Exchange e) {
        ChatRequest request = e.getProperty("request", ChatRequest.class);
        List<ChatMessage> messages = new ArrayList<>(request.messages());
        messages.add(e.getProperty("answer", ChatResponse.class).asMessage());
        for (Object result : e.getMessage().getBody(List.class)) {
            messages.add((ChatMessage) result);
        }
        return request.withMessages(messages);
    }
}
