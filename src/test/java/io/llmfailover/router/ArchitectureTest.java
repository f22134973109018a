package io.llmfailover.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The house rules of docs/architecture.md, checked on the source: imports between packages only run downwards
 * through the layers, no class in src/main grows past 250 lines, and every document a comment cites exists in the
 * repository.
 */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/io/llmfailover/router");

    /** Layer of each package, bottom (1) to top; a package may import only packages of lower layers. */
    private static final Map<String, Integer> LAYERS = Map.ofEntries(
            Map.entry("core", 1), Map.entry("util", 1),
            Map.entry("chat", 2), Map.entry("settings", 2), Map.entry("redis", 2),
            Map.entry("health", 3), Map.entry("quota", 3), Map.entry("stream", 3),
            Map.entry("upstream", 4), Map.entry("routing", 4),
            Map.entry("provider", 5), Map.entry("events", 5),
            Map.entry("audit", 6), Map.entry("metrics", 6),
            Map.entry("dispatch", 7), Map.entry("frontdoor", 7), Map.entry("alerts", 7), Map.entry("management", 7),
            Map.entry("wiring", 8),
            Map.entry("", 9));

    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.llmfailover\\.router\\.(\\w+)\\.",
            Pattern.MULTILINE);
    private static final Pattern CITED_DOC = Pattern.compile("([\\w./-]*[\\w-]+\\.md)\\b");

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static String packageOf(Path javaFile) {
        Path rel = MAIN.relativize(javaFile.getParent());
        return rel.toString().isEmpty() ? "" : rel.getName(0).toString();
    }

    @Test
    void importsOnlyRunDownwardsThroughTheLayers() throws IOException {
        List<String> upward = new ArrayList<>();
        for (Path f : files(MAIN, ".java")) {
            String pkg = packageOf(f);
            assertThat(LAYERS).as("layer of package '" + pkg + "' (add it to docs/architecture.md and here)").containsKey(pkg);
            Matcher m = IMPORT.matcher(Files.readString(f));
            while (m.find()) {
                String target = m.group(1);
                if (!target.equals(pkg) && LAYERS.getOrDefault(target, 99) >= LAYERS.get(pkg)) {
                    upward.add(MAIN.relativize(f) + " imports " + target);
                }
            }
        }
        assertThat(upward).as("imports that run sideways or upwards").isEmpty();
    }

    @Test
    void noClassGrowsPast250Lines() throws IOException {
        List<String> big = new ArrayList<>();
        for (Path f : files(MAIN, ".java")) {
            long lines = Files.readAllLines(f).size();
            if (lines > 250) {
                big.add(MAIN.relativize(f) + " (" + lines + " lines)");
            }
        }
        assertThat(big).as("classes over 250 lines: one concern each").isEmpty();
    }

    @Test
    void everyDocumentACommentCitesIsInTheRepository() throws IOException {
        List<String> missing = new ArrayList<>();
        List<Path> sources = new ArrayList<>(files(Path.of("src"), ".java"));
        sources.addAll(files(Path.of("routes"), ".yaml"));
        for (Path f : sources) {
            Matcher m = CITED_DOC.matcher(Files.readString(f));
            while (m.find()) {
                String doc = m.group(1);
                // a path from the repository root, a file of docs/, or one the benchmark writes into bench/results/
                if (!Files.exists(Path.of(doc)) && !Files.exists(Path.of("docs", doc))
                        && !Files.exists(Path.of("bench/results", doc))) {
                    missing.add(f + " cites " + doc);
                }
            }
        }
        assertThat(missing).as("citations of documents that are not in the repository").isEmpty();
    }
}
