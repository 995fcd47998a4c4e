package io.vlaarena.core.tournament;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vlaarena.core.FakeTask;
import io.vlaarena.core.task.Task;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TournamentPlanTest {
    private static final Task REACH = new FakeTask("reach", "reach", "<mujoco/>", 1);
    private static final Task PUSH = new FakeTask("push", "push", "<mujoco/>", 1);

    private static TournamentPlan.Builder plan() {
        return TournamentPlan.builder().name("nightly").models(List.of("c", "a", "b")).tasks(List.of(REACH, PUSH)).rounds(2)
                .seed(7).maxSteps(10);
    }

    @Test
    void everyPairPlaysEveryTaskBothWaysRoundInEveryRound() {
        TournamentPlan p = plan().build();

        assertThat(p.matches()).hasSize(2 * 2 * 3 * 2); // rounds * tasks * M(M-1)
        assertThat(p.models()).containsExactly("a", "b", "c");
        assertThat(p.tasks()).extracting(Task::id).containsExactly("push", "reach");
        Match first = p.matches().get(0);
        assertThat(List.of(first.round(), first.task().id(), first.leftModel(), first.rightModel()))
                .containsExactly(0, "push", "a", "b");
        assertThat(p.matches().get(1).leftModel()).isEqualTo("b");
        assertThat(p.matches().get(1).rightModel()).isEqualTo("a");
        for (int i = 0; i < p.matches().size(); i++) {
            assertThat(p.matches().get(i).index()).isEqualTo(i);
        }
        Set<Long> seeds = new HashSet<>();
        p.matches().forEach(m -> seeds.add(m.seed()));
        assertThat(seeds).as("every match its own poses").hasSize(p.matches().size());
    }

    @Test
    void theSamePlanGivesTheSameIdsWhateverTheListingOrder() {
        TournamentPlan one = plan().build();
        TournamentPlan two = plan().models(List.of("b", "c", "a", "b")).tasks(List.of(PUSH, REACH)).build();

        assertThat(two.id()).isEqualTo(one.id()).hasSize(12);
        assertThat(two.matches()).extracting(Match::battleId).isEqualTo(one.matches().stream().map(Match::battleId).toList());
        assertThat(one.matches().get(5).battleId()).isEqualTo("battle_" + one.id() + "-5");
        assertThat(one.matches().get(5).sessionId()).isEqualTo("sess_" + one.id() + "-5");
        assertThat(one.fingerprint()).contains("name=nightly").contains("models=a,b,c").contains("rounds=2").contains("seed=7");
    }

    @Test
    void anyChangeToThePlanGivesNewIds() {
        String id = plan().build().id();

        assertThat(plan().seed(8).build().id()).isNotEqualTo(id);
        assertThat(plan().rounds(3).build().id()).isNotEqualTo(id);
        assertThat(plan().maxSteps(11).build().id()).isNotEqualTo(id);
        assertThat(plan().name("weekly").build().id()).isNotEqualTo(id);
        assertThat(plan().models(List.of("a", "b")).build().id()).isNotEqualTo(id);
        assertThat(plan().tasks(List.of(REACH)).build().id()).isNotEqualTo(id);
        assertThat(plan().tasks(List.of(REACH, new FakeTask("push", "push", "<mujoco model=\"v2\"/>", 1))).build().id())
                .as("a changed task scene").isNotEqualTo(id);
    }

    @Test
    void shardsSplitThePlanIntoDisjointNearlyEqualParts() {
        TournamentPlan p = plan().build();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            List<Match> part = p.matches(new Shard(i, 5));
            assertThat(part.size()).isBetween(p.matches().size() / 5, p.matches().size() / 5 + 1);
            part.forEach(m -> assertThat(seen.add(m.battleId())).isTrue());
        }
        assertThat(seen).hasSize(p.matches().size());
        assertThat(p.matches(Shard.ALL)).isEqualTo(p.matches());
    }

    @Test
    void shardsAreWrittenIOverN() {
        assertThat(Shard.parse("2/3")).isEqualTo(new Shard(2, 3));
        assertThat(Shard.parse(" 0 / 1 ")).isEqualTo(Shard.ALL);
        assertThat(new Shard(1, 4).toString()).isEqualTo("1/4");
        for (String bad : new String[] {"3/3", "1", "-1/2", "a/b", "1/0", ""}) {
            assertThatThrownBy(() -> Shard.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("i/N with 0 <= i < N");
        }
    }

    @Test
    void badPlansAreRefusedWithTheReason() {
        assertThatThrownBy(() -> plan().models(List.of("a", "a")).build())
                .hasMessage("A tournament needs at least two distinct models, got [a, a]");
        assertThatThrownBy(() -> plan().tasks(List.of()).build()).hasMessage("A tournament needs at least one task");
        assertThatThrownBy(() -> plan().tasks(List.of(REACH, REACH)).build())
                .hasMessage("Task 'reach' appears twice in the tournament");
        assertThatThrownBy(() -> plan().name("bad name")).hasMessageContaining("A tournament name is 1 to 64");
        assertThatThrownBy(() -> plan().rounds(0)).hasMessage("rounds must be positive, was 0");
    }
}
