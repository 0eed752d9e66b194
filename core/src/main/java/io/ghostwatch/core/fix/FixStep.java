package io.ghostwatch.core.fix;

/**
 * One step of a fix plan. Ghostwatch itself only ever performs {@link SetParameter} and {@link PersistConfig};
 * {@link ManualStep}s are instructions for a person (passwords, bind addresses, capacity).
 */
public sealed interface FixStep {

    /** The exact command or action, as an operator would type it. */
    String command();

    /** What the step does and why. */
    String explanation();

    record SetParameter(ParameterChange change, String explanation) implements FixStep {
        @Override
        public String command() {
            return change.command();
        }
    }

    record PersistConfig(String explanation) implements FixStep {
        @Override
        public String command() {
            return "CONFIG REWRITE";
        }
    }

    record ManualStep(String command, String explanation) implements FixStep {
    }
}
