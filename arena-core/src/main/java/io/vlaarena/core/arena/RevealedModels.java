package io.vlaarena.core.arena;

/**
 * The models of a battle, revealed by its vote.
 *
 * @param left model id on the left
 * @param right model id on the right
 */
public record RevealedModels(String left, String right) {}
