package io.llmfailover.router.it;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RouterInstance;
import org.junit.jupiter.api.Test;

/**
 * The official npm clients' embeddings (src/test/node/official-embeddings.mjs) through both doors: openai's
 * embeddings.create, which asks for base64 and decodes it, and ollama's embed, against two Ollama hosts of
 * nomic-embed-text faked at the wire; the first host is down, so every vector comes from the second.
 */
class OfficialEmbeddingsIT {

    private static final Path NODE_DIR = Path.of("src", "test", "node").toAbsolutePath();
    private static final String NOMIC = "nomic-embed-text";

    @Test
    void theOfficialClientsEmbedThroughBothDoors() throws Exception {
        try (OllamaStub down = new OllamaStub(); OllamaStub up = new OllamaStub()) {
            down.stop();
            up.server().stubFor(post(urlEqualTo("/api/embed")).atPriority(5).willReturn(json(
                    "{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.25,-0.5,1.0]],\"prompt_eval_count\":1}")));
            up.server().stubFor(post(urlEqualTo("/api/embed")).atPriority(1).withRequestBody(matchingJsonPath("$.input[1]"))
                    .willReturn(json("{\"model\":\"nomic-embed-text\",\"embeddings\":[[0.25,-0.5,1.0],[0.125,0.0,-1.0]],"
                            + "\"prompt_eval_count\":2}")));
            try (RouterInstance router = RouterInstance.start(Map.of(
                    "llm.providers.gpu1.type", "ollama", "llm.providers.gpu1.base-url", down.url(),
                    "llm.providers.gpu1.model", "llama3.2:3b", "llm.providers.gpu1.embedding-model", NOMIC,
                    "llm.providers.gpu2.type", "ollama", "llm.providers.gpu2.base-url", up.url(),
                    "llm.providers.gpu2.model", "llama3.2:3b", "llm.providers.gpu2.embedding-model", NOMIC))) {
                JsonNode s = run(router.baseUrl());
                assertThat(s.at("/openaiDefault/object").asText()).isEqualTo("list");
                assertThat(s.at("/openaiDefault/model").asText()).isEqualTo(NOMIC);
                assertThat(s.at("/openaiDefault/vectors").toString()).isEqualTo("[[0.25,-0.5,1],[0.125,0,-1]]");
                assertThat(s.at("/openaiDefault/indexes").toString()).isEqualTo("[0,1]");
                assertThat(s.at("/openaiDefault/promptTokens").asInt()).isEqualTo(2);
                assertThat(s.at("/openaiFloat/vectors").toString()).isEqualTo("[[0.25,-0.5,1]]");
                JsonNode unknown = s.at("/openaiUnknownModel/threw");
                assertThat(unknown.path("errorClass").asText()).isEqualTo("BadRequestError");
                assertThat(unknown.path("status").asInt()).isEqualTo(400);
                assertThat(unknown.path("param").asText()).isEqualTo("model");
                assertThat(unknown.path("message").asText()).contains("no-such-embedding-model", NOMIC + " (gpu1, gpu2)");
                assertThat(s.at("/ollamaOne/model").asText()).isEqualTo(NOMIC);
                assertThat(s.at("/ollamaOne/vectors").toString()).isEqualTo("[[0.25,-0.5,1]]");
                assertThat(s.at("/ollamaTwo/vectors").toString()).isEqualTo("[[0.25,-0.5,1],[0.125,0,-1]]");
            }
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8").withBody(body);
    }

    private static JsonNode run(String baseUrl) throws Exception {
        if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("openai"))) {
            fail("the npm clients are not installed: run 'npm ci' in %s (mvn verify does it in pre-integration-test)",
                    NODE_DIR);
        }
        File stdout = File.createTempFile("official-embeddings-", ".out");
        File stderr = File.createTempFile("official-embeddings-", ".err");
        try {
            ProcessBuilder pb = new ProcessBuilder(System.getProperty("node.executable", "node"),
                    "official-embeddings.mjs", baseUrl, NOMIC).directory(NODE_DIR.toFile()).redirectOutput(stdout)
                    .redirectError(stderr);
            pb.environment().keySet().removeIf(k -> k.startsWith("OPENAI_") || k.startsWith("OLLAMA_"));
            Process p = pb.start();
            p.getOutputStream().close();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                fail("node official-embeddings.mjs did not finish within 60 s");
            }
            String out = Files.readString(stdout.toPath());
            if (p.exitValue() != 0) {
                fail("node official-embeddings.mjs exited %d%nstdout: %s%nstderr: %s", p.exitValue(), out,
                        Files.readString(stderr.toPath()));
            }
            return new ObjectMapper().readTree(out);
        } finally {
            stdout.delete();
            stderr.delete();
        }
    }
}
