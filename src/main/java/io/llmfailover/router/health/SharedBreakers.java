package io.llmfailover.router.health;

import java.time.Clock;

import io.llmfailover.router.core.Provider;
import io.llmfailover.router.redis.RedisUnavailableException;
import io.llmfailover.router.redis.SharedState;
import redis.clients.jedis.params.SetParams;

/**
 * The cloud providers' breakers, shared by the instances that share Redis: every {@code llm.breaker.share-interval}
 * (routes/shared-state.camel.yaml) each instance writes the breakers it opened or closed since the last time
 * ({@code <prefix>breaker:<provider>} = {@code <open until, epoch ms>|<reason>}, expiring when the breaker would end)
 * and reads the others', adopting an open one (its prompts skip the provider as long). So a provider that one
 * instance found failing costs the others nothing after one interval, and a client retrying its 502 on another
 * instance costs nothing upstream either. Nothing of this is on a prompt's path; when Redis fails each instance keeps
 * its own breakers. In-memory mode has no one to share with: {@link #share()} does nothing.
 */
public final class SharedBreakers {

    private final ProviderBreakers breakers;
    private final SharedState state;
    private final Clock clock;

    public SharedBreakers(ProviderBreakers breakers, SharedState state, Clock clock) {
        this.breakers = breakers;
        this.state = state;
        this.clock = clock;
    }

    /** Tells the other instances what opened or closed here, and adopts what opened there. */
    public void share() {
        if (!state.shared()) {
            return;
        }
        try {
            for (ProviderBreakers.Change c : breakers.changes()) {
                String key = key(c.provider());
                long left = c.openUntil() - clock.millis();
                if (left > 0) {
                    String value = c.openUntil() + "|" + (c.reason() == null ? "" : c.reason());
                    state.redis().execute(j -> j.set(key, value, SetParams.setParams().px(left)));
                } else {
                    state.redis().execute(j -> j.del(key));
                }
            }
            // a self-hosted endpoint's health is shared through the health cache
            for (Provider p : breakers.guarded()) {
                String value = state.redis().execute(j -> j.get(key(p)));
                adopt(p, value);
            }
        } catch (RedisUnavailableException e) {
            // each instance keeps its own breakers until Redis answers again; the changes not told are lost, and
            // the breakers they describe end by themselves
        }
    }

    private void adopt(Provider p, String value) {
        if (value == null) {
            breakers.adopt(p, 0, null);
            return;
        }
        int bar = value.indexOf('|');
        try {
            long until = Long.parseLong(bar < 0 ? value : value.substring(0, bar));
            breakers.adopt(p, until, bar < 0 ? "" : value.substring(bar + 1));
        } catch (NumberFormatException e) {
            // not ours (or corrupt): ignored, and it expires
        }
    }

    private String key(Provider p) {
        return state.keyPrefix() + "breaker:" + p.id();
    }
}
