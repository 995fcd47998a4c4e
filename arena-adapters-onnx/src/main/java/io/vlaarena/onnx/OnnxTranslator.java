package io.vlaarena.onnx;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.Observation;

/**
 * Pre- and post-processing that a {@code type: generic} model card cannot express, in the manner of
 * DJL's {@code Translator}: {@link #processInput} fills or rewrites named input tensors from the
 * observation, {@link #processOutput} turns the graph's outputs into the actions. The card does
 * everything it can first (images, state, constants, tokens, noise; unnormalization and the action
 * map), so a translator only adds what is missing: an input with role {@code translator}, a crop the
 * card has no field for, actions relative to the current joint positions, a second output.
 *
 * <p>Register one in code with {@link OnnxOptions.Builder#translator}, or name it in the card
 * ({@code "translator": "my-translator"}) and ship an {@link OnnxTranslatorProvider} of that name in
 * {@code META-INF/services/io.vlaarena.onnx.OnnxTranslatorProvider}; a card names only registered
 * providers (by name or class name), never any other class.
 *
 * <p>One translator serves every episode of a model, from the episodes' threads at once:
 * implementations are thread-safe and keep per-episode state in {@link TranslatorContext#attributes()}.
 * An exception thrown here fails the prediction (the episode runner records the model's failure with
 * its message).
 */
public interface OnnxTranslator {

    /**
     * Called before each run of the graph, after the card filled every input it knows. Write the
     * inputs with role {@code translator} (the card leaves them zero) and overwrite any other.
     *
     * @param context the episode's context
     * @param observation what the policy sees at this step
     * @param instruction the instruction
     * @param inputs every input of the graph, writable, by name
     */
    default void processInput(TranslatorContext context, Observation observation, String instruction, NamedTensors inputs) {}

    /**
     * Called after each run: returns the chunk the episode runner executes. The default returns
     * {@code actions} as the card made them.
     *
     * @param context the episode's context
     * @param observation the observation this prediction answers
     * @param outputs the actions output and every output with role {@code translator}, read-only, by name
     * @param actions the card's actions: unnormalized and mapped, {@code action.execute} of them
     * @return the chunk to execute: not empty, each action of the model's declared dimension
     */
    default ActionChunk processOutput(TranslatorContext context, Observation observation, NamedTensors outputs,
            ActionChunk actions) {
        return actions;
    }
}
