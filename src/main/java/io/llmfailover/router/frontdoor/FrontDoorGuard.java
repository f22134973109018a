package io.llmfailover.router.frontdoor;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.apache.camel.Header;

/**
 * The optional bearer token of the front doors ({@code llm.http.api-key}). When it is set, a request without
 * {@code Authorization: Bearer <key>} is refused with 401 before anything else happens.
 */
public final class FrontDoorGuard {

    private final byte[] expected;

    public FrontDoorGuard(String apiKey) {
        this.expected = apiKey == null ? null : ("Bearer " + apiKey).getBytes(StandardCharsets.UTF_8);
    }

    public void authorize(@Header("Authorization") String authorization) {
        if (expected == null) {
            return;
        }
        if (authorization == null || authorization.isBlank()) {
            throw new UnauthorizedException("missing Authorization: Bearer token");
        }
        if (!MessageDigest.isEqual(expected, authorization.trim().getBytes(StandardCharsets.UTF_8))) {
            throw new UnauthorizedException("invalid API key");
        }
    }
}
