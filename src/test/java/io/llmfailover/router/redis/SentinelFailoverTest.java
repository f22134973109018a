package io.llmfailover.router.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.llmfailover.router.health.HealthReport;
import io.llmfailover.router.metrics.RouterMetrics;
import io.llmfailover.router.quota.GeminiQuotaGate;
import io.llmfailover.router.support.LogCapture;
import io.llmfailover.router.support.OllamaStub;
import io.llmfailover.router.support.RedisSentinelSet;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.TelegramStub;
import io.llmfailover.router.support.TestRedis;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;

/**
 * Redis Sentinel with real processes (a master, a replica, three sentinels, all with passwords) behind two router
 * instances under prompt load: the master is killed (SIGKILL) while prompts are in flight, the sentinels promote the
 * replica, and the routers follow it without a restart. Prompts are answered throughout, Gemini is skipped (the
 * quota gate fails closed) only until the new master answers, the Gemini quota stays within the bound of the README
 * ("The Gemini quota gate"), and no alert goes out twice.
 */
class SentinelFailoverTest {

    private static final String DATA_PASSWORD = "data-pw-never-shown";
    private static final String SENTINEL_PASSWORD = "sentinel-pw-never-shown";
    private static final int QUOTA = 150;
    private static final int CLIENTS = 8;

    /** One prompt as the client saw it. */
    private record Prompt(int router, long startNanos, long endNanos, int status, String provider) {
        boolean gemini() {
            return "gemini".equals(provider);
        }
    }

    /** Clients sending prompts to the routers, each one after the other, until stopped. */
    private static final class Load implements AutoCloseable {
        final ConcurrentLinkedQueue<Prompt> prompts = new ConcurrentLinkedQueue<>();
        final AtomicInteger geminiAnswers = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);
        final List<Thread> threads = new ArrayList<>();

        Load(List<RouterInstance> routers) {
            for (int c = 0; c < CLIENTS; c++) {
                int router = c % routers.size();
                RouterInstance r = routers.get(router);
                Thread t = new Thread(() -> {
                    for (int n = 0; running.get(); n++) {
                        long start = System.nanoTime();
                        Prompt p;
                        try {
                            HttpResponse<String> answer = RouterInstance.send(HttpRequest.newBuilder(URI.create(
                                    r.baseUrl() + "/v1/chat/completions")).POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"model\":\"auto\",\"messages\":[{\"role\":\"user\",\"content\":\"prompt " + n
                                    + "\"}]}")).build());
                            p = new Prompt(router, start, System.nanoTime(), answer.statusCode(),
                                    answer.headers().firstValue("X-LLM-Provider").orElse(""));
                        } catch (RuntimeException e) {
                            p = new Prompt(router, start, System.nanoTime(), -1, e.toString());
                        }
                        prompts.add(p);
                        if (p.gemini()) {
                            geminiAnswers.incrementAndGet();
                        }
                    }
                }, "load-" + c);
                threads.add(t);
                t.start();
            }
        }

        /** The first Gemini answer of this router to a prompt sent after {@code nanos}, or null. */
        Prompt firstGeminiAfter(int router, long nanos) {
            return prompts.stream().filter(p -> p.router() == router && p.gemini() && p.startNanos() > nanos)
                    .min((x, y) -> Long.compare(x.startNanos(), y.startNanos())).orElse(null);
        }

        @Override
        public void close() {
            running.set(false);
            for (Thread t : threads) {
                try {
                    t.join(Duration.ofSeconds(70).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void theMasterDiesUnderLoadAndBothRoutersCarryOnWithTheNewMaster() throws Exception {
        String prefix = TestRedis.uniquePrefix();
        long t0 = System.nanoTime();
        try (LogCapture logs = new LogCapture(); RedisSentinelSet redis = new RedisSentinelSet(DATA_PASSWORD, SENTINEL_PASSWORD);
                Upstreams up = new Upstreams().allHealthy(); TelegramStub telegram = new TelegramStub()) {
            System.out.printf("sentinel set (master, replica, 3 sentinels) ready in %d ms%n", ms(System.nanoTime() - t0));
            List<RouterInstance> routers = new ArrayList<>();
            try {
                for (String name : List.of("router-a", "router-b")) {
                    Map<String, String> props = new HashMap<>(up.routerProperties());
                    props.putAll(telegram.routerProperties());
                    props.put("llm.redis.sentinel.master", RedisSentinelSet.MASTER_NAME);
                    props.put("llm.redis.sentinel.nodes", redis.sentinelNodes());
                    props.put("llm.redis.sentinel.password", SENTINEL_PASSWORD);
                    props.put("llm.redis.password", DATA_PASSWORD);
                    props.put("llm.redis.key-prefix", prefix);
                    props.put("llm.redis.timeout", "300ms");
                    props.put("llm.instance-id", name);
                    props.put("llm.gemini.daily-quota", Integer.toString(QUOTA));
                    routers.add(RouterInstance.startProbed(props));
                }
                scenario(routers, redis, up, telegram, logs);
            } finally {
                routers.forEach(RouterInstance::close);
            }
            assertThat(logs.lines()).noneMatch(l -> l.text().contains(DATA_PASSWORD) || l.text().contains(SENTINEL_PASSWORD));
        }
    }

    private static void scenario(List<RouterInstance> routers, RedisSentinelSet redis, Upstreams up, TelegramStub telegram,
            LogCapture logs) throws Exception {
        // Ollama fails: Gemini first in both routers' chains, one failover message for the two
        up.ollama.reset().tags(OllamaStub.MODEL).generateError(500, "an error was encountered while running the model");
        for (RouterInstance r : routers) {
            r.template().requestBody("direct:check-health", null, HealthReport.class);
        }
        await().until(() -> telegram.delivered("LLM failover").size() == 1);

        HostAndPort oldMaster = redis.master();
        long killedAt;
        long dead;
        long switchSeen;
        Load load = new Load(routers);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> load.geminiAnswers.get() >= QUOTA / 3);
            killedAt = System.nanoTime();
            redis.masterProcess().kill();
            dead = System.nanoTime();
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !redis.master().equals(oldMaster));
            switchSeen = System.nanoTime();
            // each router back on Gemini, then the rest of the day's quota spent (the call that takes the last slot
            // raises the quota alert)
            await().atMost(Duration.ofSeconds(20)).until(() -> load.firstGeminiAfter(0, dead) != null
                    && load.firstGeminiAfter(1, dead) != null);
            await().atMost(Duration.ofSeconds(30)).until(() -> telegram.delivered("Gemini daily quota exhausted").size() == 1);
        } finally {
            load.close();
        }
        List<Prompt> prompts = new ArrayList<>(load.prompts);

        // every prompt answered, through Nemotron while the gate failed closed
        assertThat(prompts).allSatisfy(p -> assertThat(p.status()).isEqualTo(200));
        assertThat(prompts).anyMatch(p -> p.provider().equals("nemotron") && p.startNanos() > dead);
        long[] resumed = new long[2];
        for (int r = 0; r < 2; r++) {
            resumed[r] = load.firstGeminiAfter(r, dead).startNanos();
            // Gemini is back one fail-fast pause (the 300 ms timeout) after the sentinels switched, give or take a
            // busy machine
            assertThat(ms(resumed[r] - switchSeen)).as("router %d back on Gemini after the switch", r).isLessThan(3000);
        }
        assertThat(redis.masterProcess().port()).isNotEqualTo(oldMaster.getPort());
        for (RouterInstance r : routers) {
            assertThat(r.bean("sharedState", SharedState.class).redis().currentMaster()).isEqualTo(redis.master().toString());
        }

        // the quota: what the README bounds is what no surviving instance had seen (the calls in flight at the loss,
        // and the grants between the loss and the check of the instance that saw the highest count)
        int geminiCalls = (int) prompts.stream().filter(Prompt::gemini).count();
        long lastResumedEnd = Math.max(load.firstGeminiAfter(0, dead).endNanos(),
                load.firstGeminiAfter(1, dead).endNanos());
        long inFlight = prompts.stream().filter(p -> p.startNanos() < dead && p.endNanos() > killedAt).count();
        long grantedInGap = prompts.stream().filter(p -> p.gemini() && p.startNanos() >= dead
                && p.startNanos() < lastResumedEnd).count();
        long bound = inFlight + grantedInGap;
        GeminiQuotaGate gate = routers.get(0).bean("geminiQuotaGate", GeminiQuotaGate.class);
        assertThat(gate.peek().count()).isEqualTo(QUOTA);
        assertThat(geminiCalls).isLessThanOrEqualTo((int) (QUOTA + bound));
        assertThat(up.geminiCalls()).isEqualTo(geminiCalls);

        // no alert twice: the quota alert (after the failover) went out once for both routers, the gate alert at most
        // once per router (by design: Redis, which would tell them apart, is what failed)
        assertThat(telegram.delivered("Gemini quota gate failing closed")).hasSizeBetween(1, 2);
        // Ollama back, then lost again within the failover window: one recovery message, and the failover mark set
        // on the old master still holds on the new one
        up.allHealthy();
        for (RouterInstance r : routers) {
            r.template().requestBody("direct:check-health", null, HealthReport.class);
        }
        await().until(() -> alerts(routers, "recovery") == 2);
        up.ollama.reset().tags(OllamaStub.MODEL).generateError(500, "an error was encountered while running the model");
        for (RouterInstance r : routers) {
            r.template().requestBody("direct:check-health", null, HealthReport.class);
        }
        await().until(() -> alerts(routers, "failover") == 4);
        await().until(() -> telegram.delivered("LLM recovered").size() == 1);
        assertThat(telegram.delivered("LLM failover")).hasSize(1);
        assertThat(telegram.delivered("Gemini daily quota exhausted")).hasSize(1);
        assertThat(telegram.delivered()).noneMatch(t -> t.contains(DATA_PASSWORD) || t.contains(SENTINEL_PASSWORD));
        for (RouterInstance r : routers) {
            assertThat(r.get("/routing").body()).doesNotContain(DATA_PASSWORD, SENTINEL_PASSWORD);
            HttpResponse<String> health = RouterInstance.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + r.managementPort() + "/observe/health?data=true")).build());
            assertThat(health.body()).contains("\"topology\":\"sentinel\"", "\"master\":\"" + redis.master() + "\"")
                    .doesNotContain(DATA_PASSWORD, SENTINEL_PASSWORD);
        }
        boolean raised = logs.lines().stream().anyMatch(l -> l.text().startsWith("Redis had lost today's Gemini call count"));
        System.out.printf("sentinel failover: sentinels named the new master %d ms after the kill; Gemini back after"
                + " %d ms (router-a) and %d ms (router-b); %d prompts, all answered; Gemini calls %d for a quota of %d"
                + " (over-issue %d, bound %d = %d in flight at the kill + %d granted before both routers checked"
                + " again); counter raised back by the floor: %s%n", ms(switchSeen - killedAt),
                ms(resumed[0] - dead), ms(resumed[1] - dead), prompts.size(), geminiCalls, QUOTA,
                Math.max(0, geminiCalls - QUOTA), bound, inFlight, grantedInGap, raised);
    }

    /** Alerts of a type the routers sent or found already sent (one each per router and event). */
    private static long alerts(List<RouterInstance> routers, String type) {
        double n = 0;
        for (RouterInstance r : routers) {
            RouterMetrics m = r.bean("routerMetrics", RouterMetrics.class);
            n += m.count("llm.alerts", "type", type, "outcome", "sent") + m.count("llm.alerts", "type", type, "outcome",
                    "deduplicated");
        }
        return Math.round(n);
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
