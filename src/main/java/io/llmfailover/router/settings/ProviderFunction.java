package io.llmfailover.router.settings;

import java.util.function.Supplier;

import io.llmfailover.router.core.Provider;
import org.apache.camel.spi.PropertiesFunction;

/**
 * The property placeholder function {@code provider}: {@code {{provider:local-primary.base-url}}} is a value of the
 * checked provider catalogue ({@code base-url}, {@code model} or {@code health-model} of a provider id, or of
 * {@code local-primary}, the self-hosted provider whose health picks the matrix row). A route reads the catalogue
 * through it, with each provider's defaults and keys of old applied, rather than a raw key.
 */
public final class ProviderFunction implements PropertiesFunction {

    public static final String NAME = "provider";

    private final Supplier<RouterSettings> settings;

    public ProviderFunction(Supplier<RouterSettings> settings) {
        this.settings = settings;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String apply(String remainder) {
        int dot = remainder.lastIndexOf('.');
        if (dot <= 0) {
            throw new IllegalArgumentException("{{provider:" + remainder + "}}: expected <id>.<key>");
        }
        RouterSettings s = settings.get();
        String id = remainder.substring(0, dot);
        Provider p = id.equals("local-primary") ? s.routing().localPrimary() : s.providers().provider(id);
        if (p == null) {
            throw new IllegalArgumentException("{{provider:" + remainder + "}}: no self-hosted provider is declared");
        }
        ProviderSettings ps = s.providers().get(p);
        return switch (remainder.substring(dot + 1)) {
            case "base-url" -> ps.baseUrl();
            case "model" -> ps.model();
            case "health-model" -> ps.healthModel();
            default -> throw new IllegalArgumentException("{{provider:" + remainder + "}}: the key may be base-url,"
                    + " model or health-model");
        };
    }
}
