package io.llmfailover.router.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.llmfailover.router.support.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three ways to reach Redis (one URL, Sentinel, Cluster): what an operator writes is read as meant, and a
 * configuration the router cannot use stops startup with one line naming the key, never showing a password.
 */
class RedisSettingsTest {

    private static RedisSettings load(String... keysAndValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            values.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return TestSettings.load(values).redis();
    }

    @Test
    void sentinelModeReadsTheMasterTheSentinelsAndBothPasswords() {
        RedisSettings s = load("llm.redis.sentinel.master", "mymaster",
                "llm.redis.sentinel.nodes", " sentinel-0:26379, sentinel-1:26379 ,[::1]:26380",
                "llm.redis.sentinel.password", "sentinel-secret-1", "llm.redis.password", "data-secret-2",
                "llm.redis.username", "router", "llm.redis.database", "3", "llm.redis.ssl", "true");
        assertThat(s.mode()).isEqualTo(RedisSettings.Mode.SENTINEL);
        assertThat(s.configured()).isTrue();
        assertThat(s.sentinelMaster()).isEqualTo("mymaster");
        assertThat(s.sentinelNodes()).containsExactly("sentinel-0:26379", "sentinel-1:26379", "[::1]:26380");
        assertThat(s.database()).isEqualTo(3);
        assertThat(s.ssl()).isTrue();
        assertThat(s.where()).isEqualTo("sentinel mymaster via sentinel-0:26379,sentinel-1:26379,[::1]:26380");
        assertThat(s.toString()).contains("user router", "password ***", "sentinel password ***", "database 3", "TLS")
                .doesNotContain("sentinel-secret-1", "data-secret-2");
    }

    @Test
    void clusterModeReadsTheNodes() {
        RedisSettings s = load("llm.redis.cluster.nodes", "redis-0:6379,redis-1:6379,redis-2:6379",
                "llm.redis.password", "cluster-secret-3");
        assertThat(s.mode()).isEqualTo(RedisSettings.Mode.CLUSTER);
        assertThat(s.clusterNodes()).containsExactly("redis-0:6379", "redis-1:6379", "redis-2:6379");
        assertThat(s.where()).isEqualTo("cluster redis-0:6379,redis-1:6379,redis-2:6379");
        assertThat(s.toString()).doesNotContain("cluster-secret-3");
    }

    @Test
    void aUrlMayTakeItsPasswordFromASecretOfItsOwn() {
        RedisSettings s = load("llm.redis.url", "rediss://redis.example:6380/2", "llm.redis.password", "url-secret-4",
                "llm.redis.ssl", "true");
        assertThat(s.mode()).isEqualTo(RedisSettings.Mode.URL);
        assertThat(s.password()).isEqualTo("url-secret-4");
        assertThat(s.toString()).doesNotContain("url-secret-4");
        assertThat(load().mode()).isEqualTo(RedisSettings.Mode.IN_MEMORY);
        assertThat(load().sentinelNodes()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        // more than one mode
        "llm.redis.url=redis://a:6379; llm.redis.sentinel.master=mymaster; llm.redis.sentinel.nodes=s:26379"
            + " | llm.redis.sentinel.nodes | Invalid setting llm.redis.sentinel.nodes=s:26379: set only one of llm.redis.url,"
            + " llm.redis.sentinel.nodes and llm.redis.cluster.nodes (llm.redis.url is set too)",
        "llm.redis.url=redis://a:6379; llm.redis.sentinel.master=mymaster"
            + " | llm.redis.sentinel.master | Invalid setting llm.redis.sentinel.master=mymaster: set only one of"
            + " llm.redis.url, llm.redis.sentinel.nodes and llm.redis.cluster.nodes (llm.redis.url is set too)",
        "llm.redis.url=redis://a:6379; llm.redis.cluster.nodes=c:7000"
            + " | llm.redis.cluster.nodes | Invalid setting llm.redis.cluster.nodes=c:7000: set only one of llm.redis.url,"
            + " llm.redis.sentinel.nodes and llm.redis.cluster.nodes (llm.redis.url is set too)",
        "llm.redis.sentinel.master=mymaster; llm.redis.sentinel.nodes=s:26379; llm.redis.cluster.nodes=c:7000"
            + " | llm.redis.cluster.nodes | Invalid setting llm.redis.cluster.nodes=c:7000: set only one of llm.redis.url,"
            + " llm.redis.sentinel.nodes and llm.redis.cluster.nodes (llm.redis.sentinel.nodes is set too)",
        // an incomplete Sentinel configuration
        "llm.redis.sentinel.nodes=s1:26379,s2:26379"
            + " | llm.redis.sentinel.master | Invalid setting llm.redis.sentinel.master=: required with"
            + " llm.redis.sentinel.nodes (the name the sentinels monitor, as in 'sentinel monitor mymaster ...')",
        "llm.redis.sentinel.master=mymaster"
            + " | llm.redis.sentinel.nodes | Invalid setting llm.redis.sentinel.nodes=: required with"
            + " llm.redis.sentinel.master (the sentinels, comma-separated host:port)",
        "llm.redis.sentinel.master=my master; llm.redis.sentinel.nodes=s:26379"
            + " | llm.redis.sentinel.master | Invalid setting llm.redis.sentinel.master=my master: must be one word (the"
            + " name the sentinels monitor)",
        // nodes that are not host:port
        "llm.redis.cluster.nodes=redis-0:6379,redis-1"
            + " | llm.redis.cluster.nodes | Invalid setting llm.redis.cluster.nodes=redis-0:6379,redis-1: 'redis-1' is"
            + " not host:port (the port is required, e.g. redis-1:6379)",
        "llm.redis.sentinel.master=m; llm.redis.sentinel.nodes=s:26379,s:http"
            + " | llm.redis.sentinel.nodes | Invalid setting llm.redis.sentinel.nodes=s:26379,s:http: 's:http' has no"
            + " valid port (1 to 65535)",
        "llm.redis.cluster.nodes=redis-0:65536"
            + " | llm.redis.cluster.nodes | Invalid setting llm.redis.cluster.nodes=redis-0:65536: 'redis-0:65536' has"
            + " no valid port (1 to 65535)",
        "llm.redis.cluster.nodes=redis://redis-0:6379"
            + " | llm.redis.cluster.nodes | Invalid setting llm.redis.cluster.nodes=redis://redis-0:6379:"
            + " 'redis://redis-0:6379' is not host:port (list host:port pairs, without a scheme such as redis://)",
        "llm.redis.cluster.nodes=a:1,,b:2"
            + " | llm.redis.cluster.nodes | Invalid setting llm.redis.cluster.nodes=a:1,,b:2: has an empty entry (a"
            + " comma too many?)",
        "llm.redis.cluster.nodes=a:1,b:2,a:1"
            + " | llm.redis.cluster.nodes | Invalid setting llm.redis.cluster.nodes=a:1,b:2,a:1: 'a:1' is listed twice",
        "llm.redis.cluster.nodes=::1:6379"
            + " | llm.redis.cluster.nodes | Invalid setting llm.redis.cluster.nodes=::1:6379: '::1:6379' is not"
            + " host:port (write an IPv6 address in brackets: [::1]:6379)",
        // options that do not fit the mode
        "llm.redis.sentinel.password=never-shown-5"
            + " | llm.redis.sentinel.password | Invalid setting llm.redis.sentinel.password=***: only used with"
            + " llm.redis.sentinel.nodes (Sentinel mode), which is not set",
        "llm.redis.password=never-shown-6"
            + " | llm.redis.password | Invalid setting llm.redis.password=***: is set, but no Redis is configured (set"
            + " llm.redis.url, llm.redis.sentinel.nodes or llm.redis.cluster.nodes)",
        "llm.redis.cluster.nodes=c:7000; llm.redis.database=1"
            + " | llm.redis.database | Invalid setting llm.redis.database=1: a Redis Cluster has only database 0",
        "llm.redis.url=redis://a:6379; llm.redis.database=2"
            + " | llm.redis.database | Invalid setting llm.redis.database=2: with llm.redis.url the database is the URL's"
            + " path (redis://host:6379/2)",
        "llm.redis.url=redis://a:6379; llm.redis.ssl=true"
            + " | llm.redis.ssl | Invalid setting llm.redis.ssl=true: with llm.redis.url TLS is the URL's scheme: write"
            + " rediss://",
        "llm.redis.url=redis://u:in-url-7@a:6379; llm.redis.password=never-shown-8"
            + " | llm.redis.password | Invalid setting llm.redis.password=***: llm.redis.url holds a password already:"
            + " set it in one place",
        "llm.redis.sentinel.master=m; llm.redis.sentinel.nodes=s:26379; llm.redis.ssl=yes"
            + " | llm.redis.ssl | Invalid setting llm.redis.ssl=yes: must be true or false"})
    void aConfigurationTheRouterCannotUseNamesTheKey(String settings, String key, String message) {
        Map<String, String> values = new HashMap<>();
        for (String pair : settings.split(";")) {
            String[] kv = pair.trim().split("=", 2);
            values.put(kv[0], kv[1]);
        }
        assertThatThrownBy(() -> TestSettings.load(values))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((InvalidSettingException) e).getKey()).isEqualTo(key));
    }

    @Test
    void aPasswordWrittenIntoANodeListIsNotEchoed() {
        assertThatThrownBy(() -> load("llm.redis.cluster.nodes", "redis-0:6379,default:hunter2@redis-1:6379"))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessage("Invalid setting llm.redis.cluster.nodes=redis-0:6379,***@redis-1:6379: '***@redis-1:6379' is"
                        + " not host:port (a password goes in llm.redis.password, a database in llm.redis.database)")
                .hasMessageNotContaining("hunter2");
        assertThat(List.of(load("llm.redis.url", "redis://u:pw-9@a:6379").toString())).noneMatch(t -> t.contains("pw-9"));
    }
}
