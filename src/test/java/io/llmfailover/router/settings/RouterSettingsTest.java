package io.llmfailover.router.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import io.llmfailover.router.core.HealthStatus;
import io.llmfailover.router.core.Provider;
import io.llmfailover.router.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every bad setting stops startup with one line that names the key and the value. */
class RouterSettingsTest {

    private static RouterSettings load(Map<String, String> values) {
        return TestSettings.load(values);
    }

    @Test
    void defaultsMatchDesign() {
        RouterSettings s = load(Map.of());
        assertThat(s.providers().get(Provider.OLLAMA).baseUrl()).isEqualTo("http://localhost:11434");
        assertThat(s.providers().get(Provider.OLLAMA).healthModel()).isEqualTo("llama3.2:3b");
        assertThat(s.health().pollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.health().recoveryProbes()).isEqualTo(3);
        assertThat(s.routing().order(HealthStatus.HEALTHY)).containsExactly(Provider.OLLAMA, Provider.GEMINI);
        assertThat(s.routing().order(HealthStatus.SLOW)).containsExactly(Provider.GEMINI, Provider.OLLAMA, Provider.NEMOTRON, Provider.CLAUDE);
        assertThat(s.routing().order(HealthStatus.OFFLINE)).containsExactly(Provider.GEMINI, Provider.NEMOTRON, Provider.CLAUDE);
        assertThat(s.routing().quotaExceeded()).containsExactly(Provider.NEMOTRON, Provider.CLAUDE);
        assertThat(s.providers().get(Provider.GEMINI).model()).isEqualTo("gemini-1.5-flash");
        assertThat(s.providers().get(Provider.NEMOTRON).model()).isEqualTo("nvidia/nemotron-mini-4b-instruct");
        assertThat(s.providers().get(Provider.CLAUDE).model()).isEqualTo("claude-haiku-4-5-20251001");
        assertThat(s.providers().get(Provider.CLAUDE).defaultMaxTokens()).isEqualTo(1024);
        assertThat(s.redis().url()).isNull();
        assertThat(s.quota().zone().getId()).isEqualTo("UTC");
        assertThat(s.providers().get(Provider.GEMINI).dailyCalls()).isEqualTo(500);
        assertThat(s.http().port()).isEqualTo(8080);
        assertThat(s.general().requestTimeout()).isEqualTo(Duration.ofSeconds(120));
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
        assertThat(s.health().pollInterval().toMillis()).isEqualTo(millis);
        // what the routes get for {{millis:llm.health.poll-interval}}
        assertThat(new MillisFunction().apply(text)).isEqualTo(Long.toString(millis));
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
        "llm.routing.offline           | gemini,mistral         | Invalid setting llm.routing.offline=gemini,mistral: unknown provider 'mistral' (declared: ollama, gemini, nemotron, claude)",
        "llm.routing.slow              | gemini,gemini          | Invalid setting llm.routing.slow=gemini,gemini: provider 'gemini' is listed twice",
        "llm.routing.quota-exceeded    | gemini,claude          | Invalid setting llm.routing.quota-exceeded=gemini,claude: must not contain gemini (it replaces gemini when its quota is spent)",
        "llm.redis.url                 | http://localhost:6379  | Invalid setting llm.redis.url=http://localhost:6379: must look like redis://host:port[/db] or rediss://...",
        "llm.redis.url                 | redis://localhost/abc  | Invalid setting llm.redis.url=redis://localhost/abc: the path must be a database number (/0, /1, ...)",
        "llm.quota.zone                | Mars/Olympus           | Invalid setting llm.quota.zone=Mars/Olympus: unknown time zone (use e.g. UTC, Europe/Berlin, +08:00)",
        "llm.http.port                 | 70000                  | Invalid setting llm.http.port=70000: must be between 0 and 65535",
        "llm.claude.capabilities       | json,telepathy         | Invalid setting llm.claude.capabilities=json,telepathy: unknown capability 'telepathy' (known: json, tools, vision)"})
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
        assertThat(load(Map.of("llm.redis.url", "rediss://default:pw@redis.example:6380/2")).redis().url())
                .isEqualTo("rediss://default:pw@redis.example:6380/2");
    }

    @Test
    void apiKeysStayOutOfToString() {
        RouterSettings s = load(Map.of("llm.claude.api-key", "sk-ant-secret-value"));
        assertThat(s.providers().get(Provider.CLAUDE).hasApiKey()).isTrue();
        assertThat(s.providers().get(Provider.CLAUDE).toString()).doesNotContain("sk-ant-secret-value").contains("key set");
        assertThat(s.toString()).doesNotContain("sk-ant-secret-value");
    }

    @Test
    void baseUrlsLoseTrailingSlash() {
        assertThat(load(Map.of("llm.ollama.url", "http://gpu-box:11434/")).providers().get(Provider.OLLAMA).baseUrl())
                .isEqualTo("http://gpu-box:11434");
    }

    @Test
    void secretsStayOutOfEveryToString() {
        RouterSettings s = load(Map.of("llm.http.api-key", "door-secret-1", "llm.telegram.token", "123:tg-secret-2",
                "llm.redis.url", "redis://u:redis-secret-3@localhost:6379", "llm.gemini.api-key", "gem-secret-4"));
        assertThat(s.toString()).doesNotContain("door-secret-1", "tg-secret-2", "redis-secret-3", "gem-secret-4");
    }

    @Test
    void aKeyMissingFromTheConfigurationIsNamed() {
        assertThatThrownBy(() -> RouterSettings.load(k -> k.equals("llm.health.slow-latency") ? Optional.empty()
                : TestSettings.lookup(Map.of()).apply(k), TestSettings.names(Map.of())))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid setting llm.health.slow-latency=: missing (application.properties defines every llm.* key)");
    }

    @Test
    void everyKeyTheRoutesUseIsInApplicationProperties() throws Exception {
        java.util.Properties shipped = TestSettings.shipped();
        java.util.regex.Pattern placeholder = java.util.regex.Pattern.compile("\\{\\{(?:millis:)?([a-z][a-z0-9.-]+)\\}\\}");
        java.util.List<String> missing = new java.util.ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(java.nio.file.Path.of("routes"))) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files::iterator) {
                String yaml = java.nio.file.Files.readString(f);
                // a route template's parameters are placeholders too, filled in when a route is made from it
                java.util.Set<String> parameters = new java.util.HashSet<>();
                java.util.regex.Matcher p = java.util.regex.Pattern.compile("(?m)^ +- name: ([A-Za-z]+)$").matcher(yaml);
                while (p.find()) {
                    parameters.add(p.group(1));
                }
                java.util.regex.Matcher m = placeholder.matcher(yaml);
                while (m.find()) {
                    if (!shipped.containsKey(m.group(1)) && !parameters.contains(m.group(1))) {
                        missing.add(f.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing).as("placeholders in routes/ that application.properties does not define").isEmpty();
    }
}
