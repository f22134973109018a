package io.llmfailover.router.support;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** Collects every log line of this JVM (message and stack trace) while open; for assertions on logs. */
public final class LogCapture implements AutoCloseable {

    public record Line(String logger, String level, String text) {
    }

    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AbstractAppender appender;

    public LogCapture() {
        appender = new AbstractAppender("capture-" + UUID.randomUUID(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                String text = event.getMessage().getFormattedMessage();
                if (event.getThrown() != null) {
                    StringWriter sw = new StringWriter();
                    event.getThrown().printStackTrace(new PrintWriter(sw));
                    text = text + "\n" + sw;
                }
                lines.add(new Line(event.getLoggerName(), event.getLevel().name(), text));
            }
        };
        appender.start();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.addAppender(appender);
        config.getRootLogger().addAppender(appender, null, null);
        LoggerConfig audit = config.getLoggerConfig("llm.audit");
        if (audit.getName().equals("llm.audit") && !audit.isAdditive()) {
            audit.addAppender(appender, null, null);
        }
        ctx.updateLoggers();
    }

    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Lines of the given logger. */
    public List<String> of(String logger) {
        return lines.stream().filter(l -> l.logger().equals(logger)).map(Line::text).toList();
    }

    @Override
    public void close() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Configuration config = ctx.getConfiguration();
        config.getRootLogger().removeAppender(appender.getName());
        config.getLoggerConfig("llm.audit").removeAppender(appender.getName());
        ctx.updateLoggers();
        appender.stop();
    }
}
