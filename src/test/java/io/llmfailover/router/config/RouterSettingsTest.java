package io.llmfailover.router.config;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.llmfailover.router.health.HealthStatus;
import io.llmfailover.router.routing.Provider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every bad setting stops startup with one line that names the key and the value. */
class RouterSettingsTest {

    private static RouterSettings load(Map<String, String> values) {
        return RouterSettings.load(k -> Optional.ofNullable(values.get(k)));
    }

    @Test
    void defaultsMatchDesign() {
        RouterSettings s = load(Map.of());
        assertThat(s.ollamaUrl()).isEqualTo("http://localhost:11434");
        assertThat(s.ollamaHealthModel()).isEqualTo("llama3.2:3b");
        assertThat(s.pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.recoveryProbes()).isEqualTo(3);
        assertThat(s.providerOrder(HealthStatus.HEALTHY)).containsExactly(Provider.OLLAMA, Provider.GEMINI);
        assertThat(s.providerOrder(HealthStatus.SLOW)).containsExactly(Provider.GEMINI, Provider.OLLAMA, Provider.NEMOTRON, Provider.CLAUDE);
        assertThat(s.providerOrder(HealthStatus.OFFLINE)).containsExactly(Provider.GEMINI, Provider.NEMOTRON, Provider.CLAUDE);
        assertThat(s.quotaExceededOrder()).containsExactly(Provider.NEMOTRON, Provider.CLAUDE);
        assertThat(s.provider(Provider.GEMINI).model()).isEqualTo("gemini-1.5-flash");
        assertThat(s.provider(Provider.NEMOTRON).model()).isEqualTo("nvidia/nemotron-mini-4b-instruct");
        assertThat(s.provider(Provider.CLAUDE).model()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(s.redisUrl()).isNull();
        assertThat(s.quotaZone().getId()).isEqualTo("UTC");
        assertThat(s.httpPort()).isEqualTo(8080);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "500ms | 500",
        "10s   | 10000",
        "2m    | 120000",
        "1h    | 3600000",
        "750   | 750"})
    void pollIntervalAcceptsUnits(String text, long millis) {
        RouterSettings s = load(Map.of("llm.health.poll-interval", text));
        assertThat(s.pollInterval().toMillis()).isEqualTo(millis);
        assertThat(s.derivedProperties()).containsEntry("llm.health.poll-interval.ms", Long.toString(millis));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "llm.gemini.daily-quota        | -5                     | Invalid setting llm.gemini.daily-quota=-5: must be >= 0",
        "llm.gemini.daily-quota        | lots                   | Invalid setting llm.gemini.daily-quota=lots: not a whole number",
        "llm.health.poll-interval      | 10x                    | Invalid setting llm.health.poll-interval=10x: not a duration: unknown unit 'x' (use ms, s, m, h or d)",
        "llm.health.poll-interval      | soon                   | Invalid setting llm.health.poll-interval=soon: not a duration: expected a whole number with a unit (500ms, 10s, 2m, 1h)",
        "llm.health.poll-interval      | 10ms                   | Invalid setting llm.health.poll-interval=10ms: must be at least 100ms",
        "llm.health.recovery-probes    | 0                      | Invalid setting llm.health.recovery-probes=0: must be between 1 and 1000",
        "llm.health.min-tokens-per-second | -1                  | Invalid setting llm.health.min-tokens-per-second=-1: must be a number >= 0",
        "llm.ollama.url                | localhost:11434        | Invalid setting llm.ollama.url=localhost:11434: must be an http:// or https:// URL",
        "llm.ollama.url                | http://exa mple.com    | Invalid setting llm.ollama.url=http://exa mple.com: malformed URL (Illegal character in authority)",
        "llm.gemini.base-url           | ftp://x.example        | Invalid setting llm.gemini.base-url=ftp://x.example: must be an http:// or https:// URL",
        "llm.routing.offline           | gemini,mistral         | Invalid setting llm.routing.offline=gemini,mistral: unknown provider 'mistral' (known: ollama, gemini, nemotron, claude)",
        "llm.routing.slow              | gemini,gemini          | Invalid setting llm.routing.slow=gemini,gemini: provider 'gemini' is listed twice",
        "llm.routing.quota-exceeded    | gemini,claude          | Invalid setting llm.routing.quota-exceeded=gemini,claude: must not contain gemini (it replaces gemini when the quota is spent)",
        "llm.redis.url                 | http://localhost:6379  | Invalid setting llm.redis.url=http://localhost:6379: must look like redis://host:port[/db] or rediss://...",
        "llm.redis.url                 | redis://localhost/abc  | Invalid setting llm.redis.url=redis://localhost/abc: the path must be a database number (/0, /1, ...)",
        "llm.quota.zone                | Mars/Olympus           | Invalid setting llm.quota.zone=Mars/Olympus: unknown time zone (use e.g. UTC, Europe/Berlin, +08:00)",
        "llm.http.port                 | 70000                  | Invalid setting llm.http.port=70000: must be between 0 and 65535"})
    void invalidValueNamesKeyAndValue(String key, String value, String message) {
        Map<String, String> values = new HashMap<>();
        values.put(key, value);
        assertThatThrownBy(() -> load(values))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((InvalidSettingException) e).getKey()).isEqualTo(key));
    }

    @Test
    void redisPasswordIsNeverEchoed() {
        assertThatThrownBy(() -> load(Map.of("llm.redis.url", "http://admin:hunter2@localhost:6379")))
                .hasMessage("Invalid setting llm.redis.url=http://admin:***@localhost:6379: must look like redis://host:port[/db] or rediss://...")
                .hasMessageNotContaining("hunter2");
        assertThat(load(Map.of("llm.redis.url", "rediss://default:pw@redis.example:6380/2")).redisUrl())
                .isEqualTo("rediss://default:pw@redis.example:6380/2");
    }

    @Test
    void apiKeysStayOutOfToString() {
        RouterSettings s = load(Map.of("llm.claude.api-key", "sk-ant-secret-value"));
        assertThat(s.provider(Provider.CLAUDE).hasApiKey()).isTrue();
        assertThat(s.provider(Provider.CLAUDE).toString()).doesNotContain("sk-ant-secret-value").contains("key set");
    }

    @Test
    void baseUrlsLoseTrailingSlash() {
        assertThat(load(Map.of("llm.ollama.url", "http://gpu-box:11434/")).ollamaUrl()).isEqualTo("http://gpu-box:11434");
    }
}
