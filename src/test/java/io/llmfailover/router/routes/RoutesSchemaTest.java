package io.llmfailover.router.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every file in routes/ is valid against the Camel YAML DSL JSON schema that camel-yaml-dsl ships
 * ({@code schema/camelYamlDsl.json}, the one the Camel VS Code extension and Kaoto use), so those tools can open and
 * edit the routes. A misspelt option, a step in the wrong place or the compact notation fails here, naming the file
 * and the path inside it.
 */
class RoutesSchemaTest {

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        try (InputStream in = org.apache.camel.dsl.yaml.YamlRoutesBuilderLoader.class.getClassLoader()
                .getResourceAsStream("schema/camelYamlDsl.json")) {
            assertThat(in).as("camel-yaml-dsl's schema/camelYamlDsl.json on the classpath").isNotNull();
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
    }

    static List<Path> routeFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".camel.yaml")).sorted().toList();
        }
    }

    @ParameterizedTest
    @MethodSource("routeFiles")
    void routeFileIsValidAgainstTheYamlDslSchema(Path file) throws IOException {
        assertThat(validate(Files.readString(file))).as(file + " against camelYamlDsl.json").isEmpty();
    }

    @Test
    void aMisspeltOptionOrAWrongTypeIsCaught() {
        String misspelt = String.join("\n", "- route:", "    id: r", "    from:", "      uri: direct:r", "      steps:",
                "        - setBody:", "            id: s", "            expresion:", "              constant:",
                "                expression: x", "");
        String wrongType = String.join("\n", "- route:", "    id: r", "    streamCache: \"false\"", "    from:",
                "      uri: direct:r", "      steps:", "        - log:", "            message: x", "");
        assertThat(validate(misspelt)).anySatisfy(m -> assertThat(m.getMessage()).contains("expresion"));
        assertThat(validate(wrongType)).anySatisfy(m -> assertThat(m.getMessage()).contains("streamCache"));
    }

    private static Set<ValidationMessage> validate(String yamlText) {
        Object yaml = new Load(LoadSettings.builder().build()).loadFromString(yamlText);
        JsonNode routes = new ObjectMapper().valueToTree(yaml);
        return schema.validate(routes);
    }
}
