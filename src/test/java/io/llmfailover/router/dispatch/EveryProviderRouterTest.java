package io.llmfailover.router.dispatch;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the tests of the request translations share: one router for the class, with every provider in the chain and
 * their stubs at the wire (each test starts with every stub answering), and the body each stub last received.
 */
abstract class EveryProviderRouterTest {

    static Upstreams up;
    static RouterInstance router;

    @BeforeAll
    static void startRouter() {
        up = new Upstreams().allHealthy();
        router = RouterInstance.startProbed(up.routerPropertiesWithEveryProvider(Map.of("llm.request-timeout", "20s")));
    }

    @AfterAll
    static void stopRouter() {
        router.close();
        up.close();
    }

    @BeforeEach
    void everyStubAnswers() {
        up.allHealthy();
    }

    /** The body of the last chat call this stub received, as JSON. */
    static JsonNode sentTo(WireMockServer server) {
        return Upstreams.lastChatBody(server);
    }
}
