package io.llmfailover.router.routing;

/** Where a prompt would go: the provider, the model it would ask, and the API root it would call. */
public record ProviderTarget(String provider, String model, String url) {
}
