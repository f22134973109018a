package io.llmfailover.router.settings;

/**
 * A part of the router that holds something made from the settings per provider (routes, adapters, probes, gates)
 * and follows a reload: after the new settings are checked whole and put in force ({@link LiveSettings#replace}),
 * each is told, in the order they were bound. It makes what is new, remakes what changed, and ends what is gone,
 * leaving prompts in flight on what they started with. It must not fail for settings that loaded: everything that can
 * be wrong with a configuration is found by {@link RouterSettings#load}, before anything is applied.
 */
public interface Reconfigurable {

    void reconfigure(RouterSettings next) throws Exception;
}
