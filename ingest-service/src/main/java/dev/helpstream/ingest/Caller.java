package dev.helpstream.ingest;

import dev.helpstream.schema.Actor;
import dev.helpstream.schema.ActorKind;
import dev.helpstream.schema.Channel;

/** Who sent a submission: an integrator with an API key, or the public (a form post). */
sealed interface Caller {

    /** The channel recorded on the inbound message. */
    Channel channel();

    /** The prefix of message ids, which keeps each caller's Idempotency-Keys apart. */
    String messageIdScope();

    /** The authenticated submitter recorded on the message; null for the public. */
    Actor actor();

    /**
     * An integrator calling with an API key.
     *
     * @param keyId the API key's id on the config topic
     * @param keyName its display name
     */
    record Integrator(String keyId, String keyName) implements Caller {
        @Override
        public Channel channel() {
            return Channel.API;
        }

        @Override
        public String messageIdScope() {
            return "api:" + keyId + ":";
        }

        @Override
        public Actor actor() {
            return Actor.newBuilder()
                    .setKind(ActorKind.INTEGRATION)
                    .setId(keyId)
                    .setDisplayName(keyName)
                    .build();
        }
    }

    /** A public form post, without a key. */
    record Public() implements Caller {
        @Override
        public Channel channel() {
            return Channel.WEB_FORM;
        }

        @Override
        public String messageIdScope() {
            return "form:";
        }

        @Override
        public Actor actor() {
            return null;
        }
    }
}
