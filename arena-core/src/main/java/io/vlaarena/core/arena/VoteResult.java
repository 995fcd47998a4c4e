package io.vlaarena.core.arena;

/**
 * The answer to a vote: its id and the battle's models, now revealed.
 *
 * @param voteId {@code vote_…}
 * @param revealed the battle's models
 */
public record VoteResult(String voteId, RevealedModels revealed) {}
