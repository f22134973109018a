package io.llmfailover.router.settings;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * The settings in force: those read at startup, until a reload replaces them whole (the catalogue, the matrix). Each
 * prompt reads them once where it decides; a prompt in flight keeps what it decided with.
 */
public final class LiveSettings implements Supplier<RouterSettings> {

    private volatile RouterSettings current;

    public LiveSettings(RouterSettings initial) {
        this.current = Objects.requireNonNull(initial);
    }

    @Override
    public RouterSettings get() {
        return current;
    }

    public ProviderCatalog providers() {
        return current.providers();
    }

    public RoutingSettings routing() {
        return current.routing();
    }

    /** Puts checked settings in force for the next prompt. */
    public void replace(RouterSettings next) {
        current = Objects.requireNonNull(next);
    }
}
