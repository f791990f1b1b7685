package dev.helpstream.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.multipart.PartEvent;

/** Each part event's network buffer is released exactly once, quietly, whoever comes second. */
class PartBuffersTest {

    private final NettyDataBufferFactory buffers = new NettyDataBufferFactory(UnpooledByteBufAllocator.DEFAULT);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

    @BeforeEach
    void captureLogs() {
        logged.start();
        root.addAppender(logged);
    }

    @AfterEach
    void releaseLogs() {
        root.detachAppender(logged);
        logged.stop();
    }

    @Test
    void shouldReleaseADiscardedEventOnceAndLogNothingWhenItIsDiscardedAgain() {
        ByteBuf network = Unpooled.buffer().writeBytes(new byte[] {1, 2, 3});
        PartEvent event = event(buffers.wrap(network.retainedSlice()));
        PartBuffers parts = new PartBuffers();

        parts.discard(event);
        parts.discard(event);
        parts.consume(event);

        assertThat(network.refCnt()).isEqualTo(1);
        assertThat(logged.list)
                .filteredOn(line -> line.getLevel().isGreaterOrEqual(Level.INFO))
                .isEmpty();
        assertThat(logged.list).allMatch(line -> line.getThrowableProxy() == null);
    }

    @Test
    void shouldLeaveATakenEventToItsTakerAndRefuseToHandItOutTwice() {
        ByteBuf network = Unpooled.buffer().writeBytes(new byte[] {1, 2, 3});
        PartEvent event = event(buffers.wrap(network.retainedSlice()));
        PartBuffers parts = new PartBuffers();

        DataBuffer taken = parts.take(event);
        parts.discard(event);

        assertThat(network.refCnt()).isEqualTo(2);
        assertThatThrownBy(() -> parts.take(event))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a part event was delivered after its content was released");
        DataBufferUtils.release(taken);
        assertThat(network.refCnt()).isEqualTo(1);
        assertThat(logged.list)
                .filteredOn(line -> line.getLevel().isGreaterOrEqual(Level.INFO))
                .isEmpty();
    }

    private static PartEvent event(DataBuffer content) {
        return new PartEvent() {
            @Override
            public HttpHeaders headers() {
                return new HttpHeaders();
            }

            @Override
            public DataBuffer content() {
                return content;
            }

            @Override
            public boolean isLast() {
                return true;
            }
        };
    }
}
