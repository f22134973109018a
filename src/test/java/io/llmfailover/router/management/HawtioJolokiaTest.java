package io.llmfailover.router.management;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmfailover.router.support.RouterInstance;
import io.llmfailover.router.support.Upstreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The requests Hawtio 4.2.0 (its {@code @hawtio/react} 1.5.0 frontend) sends through the router's real Jolokia
 * endpoint, with its query parameters and bodies, in the order its views send them: on connect, the Camel tab's
 * Contexts, Routes, Source, Route Diagram, Profile, Exchanges, Endpoints, Type Converters, Attributes and Chart
 * views, and the JMX tab. Each read answers 200; the writes outside the policy answer 403 (README, "Jolokia and
 * Hawtio").
 */
class HawtioJolokiaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What jolokia.js adds to every request Hawtio sends (DEFAULT_JOLOKIA_OPTIONS). */
    private static final String QUERY = "?maxDepth=7&maxCollectionSize=50000&ignoreErrors=true&canonicalNaming=false"
            + "&mimeType=application/json";

    static Upstreams up;
    static RouterInstance router;
    static String jolokia;
    static String context;
    static String route;

    @BeforeAll
    static void start() throws Exception {
        up = new Upstreams().allHealthy();
        router = RouterInstance.start(up.routerProperties());
        jolokia = "http://127.0.0.1:" + router.managementPort() + "/observe/jolokia/";
        String ctx = router.context().getName();
        context = "org.apache.camel:context=" + ctx + ",type=context,name=\"" + ctx + "\"";
        route = "org.apache.camel:context=" + ctx + ",type=routes,name=\"chat\"";
    }

    @AfterAll
    static void stop() {
        router.close();
        up.close();
    }

    /** A Camel service MBean by the prefix Hawtio looks for it by. */
    private static String service(String prefix) throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        Set<ObjectName> names = server.queryNames(new ObjectName("org.apache.camel:context=" + router.context().getName()
                + ",type=services,*"), null);
        return names.stream().map(ObjectName::toString).filter(n -> n.contains("name=" + prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no service " + prefix + " among " + names));
    }

    private static String endpoint() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return server.queryNames(new ObjectName("org.apache.camel:context=" + router.context().getName()
                + ",type=endpoints,*"), null).iterator().next().toString();
    }

    private static JsonNode post(String query, String body) throws Exception {
        String answer = RouterInstance.send(HttpRequest.newBuilder(URI.create(jolokia + query))
                .header("Content-Type", "text/json").POST(HttpRequest.BodyPublishers.ofString(body)).build()).body();
        return JSON.readTree(answer);
    }

    private static String exec(String mbean, String operation, String arguments) throws Exception {
        return "{\"type\":\"exec\",\"mbean\":" + JSON.writeValueAsString(mbean) + ",\"operation\":\"" + operation
                + "\",\"arguments\":" + arguments + "}";
    }

    private static String read(String mbean, String attribute) throws Exception {
        return "{\"type\":\"read\",\"mbean\":" + JSON.writeValueAsString(mbean)
                + (attribute == null ? "" : ",\"attribute\":\"" + attribute + "\"") + "}";
    }

    @Test
    void everyRequestOfHawtiosViewsIsAnswered() throws Exception {
        List<String[]> views = new ArrayList<>();
        // connect: Test connection, the list probe, version, the MBean tree, RBAC discovery, the Camel tree processor
        views.add(new String[] {"connect: version", "", "{\"type\":\"version\"}"});
        views.add(new String[] {"connect: version", QUERY, "{\"type\":\"version\"}"});
        views.add(new String[] {"connect: tree", QUERY.replace("maxDepth=7", "maxDepth=9"), "{\"type\":\"list\"}"});
        views.add(new String[] {"connect: rbac", QUERY, "{\"type\":\"search\",\"mbean\":\"*:type=security,area=jmx,*\"}"});
        views.add(new String[] {"connect: camel version", QUERY, read(context, "CamelVersion")});
        views.add(new String[] {"connect: route tree", QUERY, exec(context, "dumpRoutesAsXml()", "[]")});
        views.add(new String[] {"poller", QUERY, "[]"});
        // Camel tab
        views.add(new String[] {"Contexts", QUERY, read(context, null)});
        views.add(new String[] {"Routes", QUERY, read(route, null)});
        views.add(new String[] {"Source", QUERY, exec(route, "isUpdateRouteEnabled()", "[]")});
        views.add(new String[] {"Route Diagram (routes)", QUERY, exec(context, "dumpRoutesStatsAsXml", "[true,true]")});
        views.add(new String[] {"Route Diagram (route)", QUERY, exec(route, "dumpRouteStatsAsXml", "[true,true]")});
        views.add(new String[] {"Exchanges: inflight", QUERY, read(service("DefaultInflightRepository"),
                "InflightBrowseEnabled")});
        views.add(new String[] {"Exchanges: inflight", QUERY, exec(service("DefaultInflightRepository"), "browse()", "[]")});
        views.add(new String[] {"Exchanges: blocked", QUERY, exec(service("DefaultAsyncProcessorAwaitManager"), "browse()",
                "[]")});
        views.add(new String[] {"Endpoints", QUERY, exec(context, "componentNames()", "[]")});
        views.add(new String[] {"Endpoints", QUERY, read(endpoint(), null)});
        // (Hawtio first reads StatisticsEnabled, which Camel 4's type converter MBean no longer has: a 404, not a 403)
        views.add(new String[] {"Type Converters", QUERY, read(service("DefaultTypeConverter"), null)});
        views.add(new String[] {"Attributes", QUERY, read(route, null)});
        views.add(new String[] {"Chart", QUERY, "[" + read(context, null) + "," + read(route, null) + "]"});
        // JMX tab: the router's MBean and the JVM's
        views.add(new String[] {"JMX: Router", QUERY, read(RouterManagement.objectName(router.context().getName())
                .toString(), null)});
        views.add(new String[] {"JMX: memory", QUERY, read("java.lang:type=Memory", null)});
        for (String[] view : views) {
            JsonNode answer = post(view[1], view[2]);
            for (JsonNode one : answer.isArray() ? answer : List.of(answer)) {
                assertThat(one.path("status").asInt()).as(view[0] + ": " + one).isEqualTo(200);
            }
        }
        // the RBAC probe asks for an MBean a plain Camel application does not have: not found, but not refused
        JsonNode probe = post(QUERY, "{\"type\":\"list\",\"path\":\"hawtio/type=security,name=RBACRegistry\"}");
        assertThat(probe.path("status").asInt()).as(probe.toString()).isNotEqualTo(403);
        // the Route Diagram's statistics and the route tree carry what the views draw
        assertThat(post(QUERY, exec(context, "dumpRoutesAsXml()", "[]")).path("value").asText()).contains("id=\"chat\"");
    }

    @Test
    void writesOutsideThePolicyAreRefused() throws Exception {
        List<String[]> writes = List.of(
                new String[] {"gc", exec("java.lang:type=Memory", "gc()", "[]")},
                new String[] {"context suspend", exec(context, "suspend()", "[]")},
                new String[] {"context stop", exec(context, "stop()", "[]")},
                new String[] {"route remove", exec(route, "remove()", "[]")},
                new String[] {"send to an endpoint", exec(context, "sendStringBody(java.lang.String, java.lang.String)",
                        "[\"direct:chat\",\"hi\"]")},
                new String[] {"create an endpoint", exec(context, "createEndpoint(java.lang.String)", "[\"log:x\"]")},
                new String[] {"interrupt a blocked exchange", exec(service("DefaultAsyncProcessorAwaitManager"),
                        "interrupt(java.lang.String)", "[\"x\"]")},
                new String[] {"attribute write", "{\"type\":\"write\",\"mbean\":" + JSON.writeValueAsString(
                        service("DefaultTypeConverter")) + ",\"attribute\":\"StatisticsEnabled\",\"value\":true}"},
                new String[] {"route attribute write", "{\"type\":\"write\",\"mbean\":" + JSON.writeValueAsString(route)
                        + ",\"attribute\":\"Tracing\",\"value\":true}"});
        for (String[] write : writes) {
            JsonNode answer = post(QUERY, write[1]);
            assertThat(answer.path("status").asInt()).as(write[0] + ": " + answer).isEqualTo(403);
        }
        assertThat(router.context().getStatus().isStarted()).isTrue();
        assertThat(router.context().getRoute("chat")).isNotNull();
    }
}
