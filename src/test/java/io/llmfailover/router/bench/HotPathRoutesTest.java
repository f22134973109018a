package io.llmfailover.router.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Keeps the prompt's hot path free of the expressions that made Camel copy the whole exchange on every step
 * (issue 6, bench/results/before/profile.md): in the routes a prompt runs through, no {@code setBody},
 * {@code setProperty} or {@code setHeader} takes a {@code method:} expression, and no simple expression navigates
 * into an object ({@code ${body.x}}, {@code ${exchangeProperty.x.y}}). Beans are called with {@code bean:} steps
 * instead, their results kept with a plain {@code ${body}}. Error replies (route configurations) are not checked.
 */
class HotPathRoutesTest {

    private static final List<String> HOT_PATH = List.of("chat", "select-provider", "http-ollama", "http-openai", "quota-gate",
            "provider-ollama", "provider-gemini", "provider-openai", "provider-anthropic");
    private static final Pattern NAVIGATION = Pattern.compile("\\$\\{(body|exchangeProperty\\.\\w+|header\\.\\w+)\\??\\.\\w");
    private static final Pattern SET_STEP = Pattern.compile("^(\\s*)- (setBody|setProperty|setHeader):\\s*$");

    @Test
    void hotPathRoutesUseBeanStepsNotCopyingExpressions() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String name : HOT_PATH) {
            Path file = Path.of("routes", name + ".camel.yaml");
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            boolean inRoute = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("- ")) {
                    inRoute = line.startsWith("- route:") || line.startsWith("- routeTemplate:");
                }
                if (!inRoute || line.trim().startsWith("#")) {
                    continue;
                }
                if (NAVIGATION.matcher(line).find()) {
                    violations.add(file + ":" + (i + 1) + " navigates into an object: " + line.trim());
                }
                Matcher step = SET_STEP.matcher(line);
                if (step.matches()) {
                    int indent = step.group(1).length();
                    for (int k = i + 1; k < lines.size(); k++) {
                        String next = lines.get(k);
                        int nextIndent = next.length() - next.stripLeading().length();
                        if (!next.isBlank() && nextIndent <= indent) {
                            break;
                        }
                        if (next.trim().equals("method:")) {
                            violations.add(file + ":" + (i + 1) + " " + step.group(2) + " with a method: expression");
                        }
                    }
                }
            }
        }
        assertThat(violations).as("hot-path steps that copy the exchange").isEmpty();
    }
}
