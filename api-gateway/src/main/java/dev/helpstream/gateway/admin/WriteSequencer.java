package dev.helpstream.gateway.admin;

import java.time.Duration;
import java.util.function.Supplier;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the admin API's writes one at a time, without blocking a thread: each check (exists?
 * If-Match? still referenced?) and the write it guards see the same configuration, so two
 * requests to this instance cannot both create the same id or both pass one If-Match. Writes
 * through other gateway instances are not ordered with these; across instances the last write
 * wins.
 *
 * <p>A task runs to its end even when its caller cancels: a write half-watched is still one write.
 */
final class WriteSequencer implements AutoCloseable {

    private final Sinks.Many<Mono<Void>> queue = Sinks.many().unicast().onBackpressureBuffer();
    private final Disposable worker;

    WriteSequencer() {
        worker = queue.asFlux().concatMap(task -> task, 1).subscribe();
    }

    /** Runs {@code work} once the tasks submitted before it are done; completes with its result. */
    <T> Mono<T> run(Supplier<Mono<T>> work) {
        return Mono.<T>create(sink -> {
                    Mono<Void> task = Mono.defer(work)
                            .doOnSuccess(sink::success)
                            .doOnError(sink::error)
                            .onErrorResume(error -> Mono.empty())
                            .then();
                    queue.emitNext(task, Sinks.EmitFailureHandler.busyLooping(Duration.ofSeconds(5)));
                })
                // The caller's continuation must not run inside the queue, holding up the next task.
                .publishOn(Schedulers.parallel());
    }

    @Override
    public void close() {
        queue.tryEmitComplete();
        worker.dispose();
    }
}
