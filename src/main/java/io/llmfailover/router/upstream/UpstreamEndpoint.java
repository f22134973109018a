package io.llmfailover.router.upstream;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.support.DefaultEndpoint;

/** One upstream API call site ({@link UpstreamComponent}). */
@UriEndpoint(firstVersion = "1.0.0", scheme = "upstream", title = "Upstream LLM API", syntax = "upstream:url",
        producerOnly = true, category = { Category.HTTP }, lenientProperties = true)
public final class UpstreamEndpoint extends DefaultEndpoint {

    private String url;
    private UpstreamClient client;
    private long connectTimeout = 5000;
    private long responseTimeout = 60000;

    UpstreamEndpoint(String uri, UpstreamComponent component) {
        super(uri, component);
    }

    @Override
    public UpstreamComponent getComponent() {
        return (UpstreamComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() {
        return new UpstreamProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException("upstream: only sends (a provider's API is not something to consume)");
    }

    @Override
    public boolean isLenientProperties() {
        return true;
    }

    public String getUrl() {
        return url;
    }

    void setUrl(String url) {
        this.url = url;
    }

    public UpstreamClient getClient() {
        return client;
    }

    public void setClient(UpstreamClient client) {
        this.client = client;
    }

    public long getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(long connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public long getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(long responseTimeout) {
        this.responseTimeout = responseTimeout;
    }
}
