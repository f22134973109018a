package io.llmfailover.router.frontdoor;

/** A 404 in the door's own error format: a model or path the router does not have. */
public class NotFoundException extends RuntimeException {

    private final String code;
    private final String param;

    /**
     * @param code  OpenAI {@code error.code} ({@code model_not_found}, {@code unknown_url})
     * @param param the request field it concerns, or null
     */
    public NotFoundException(String message, String code, String param) {
        super(message, null, false, false);
        this.code = code;
        this.param = param;
    }

    public String getCode() {
        return code;
    }

    public String getParam() {
        return param;
    }
}
