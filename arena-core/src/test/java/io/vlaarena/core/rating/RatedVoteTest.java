package io.vlaarena.core.rating;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.VoteChoice;
import org.junit.jupiter.api.Test;

class RatedVoteTest {
    @Test
    void holdsBothModelsAndTheChoice() {
        RatedVote vote = RatedVote.of("octo-small", "mock-vla", VoteChoice.TIE);

        assertThat(vote.leftModel()).isEqualTo("octo-small");
        assertThat(vote.rightModel()).isEqualTo("mock-vla");
        assertThat(vote.choice()).isEqualTo(VoteChoice.TIE);
    }

    @Test
    void rejectsTheSameModelOnBothSides() {
        assertThatThrownBy(() -> RatedVote.of("octo-small", "octo-small", VoteChoice.TIE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'octo-small'");
    }

    @Test
    void rejectsBlankOrMissingValues() {
        assertThatThrownBy(() -> RatedVote.of(" ", "b", VoteChoice.TIE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("leftModel");
        assertThatThrownBy(() -> RatedVote.of("a", "", VoteChoice.TIE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rightModel");
        assertThatThrownBy(() -> RatedVote.of(null, "b", VoteChoice.TIE)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> RatedVote.of("a", "b", null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("choice");
    }
}
