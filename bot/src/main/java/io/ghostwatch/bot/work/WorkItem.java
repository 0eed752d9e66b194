package io.ghostwatch.bot.work;

import io.ghostwatch.bot.command.BotCommand;
import java.util.Objects;

/** Work handed off after the acknowledgement. */
public sealed interface WorkItem {

    Requester requester();

    /** A parsed slash command other than {@code help}. */
    record Command(BotCommand command, Requester requester) implements WorkItem {
        public Command {
            Objects.requireNonNull(command, "command");
            Objects.requireNonNull(requester, "requester");
            if (command instanceof BotCommand.Help) {
                throw new IllegalArgumentException("help is answered in the acknowledgement, never queued");
            }
        }
    }

    /** A button press that {@link BotActions#pressed} accepted. */
    record Press(ButtonClick click) implements WorkItem {
        public Press {
            Objects.requireNonNull(click, "click");
        }

        @Override
        public Requester requester() {
            return click.requester();
        }
    }
}
