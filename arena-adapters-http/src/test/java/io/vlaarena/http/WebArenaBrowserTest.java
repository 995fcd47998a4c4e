package io.vlaarena.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vlaarena.core.ActionChunk;
import io.vlaarena.core.RgbImage;
import io.vlaarena.core.Vla;
import io.vlaarena.core.VlaSpec;
import io.vlaarena.core.VoteChoice;
import io.vlaarena.core.arena.Arena;
import io.vlaarena.core.arena.Vote;
import io.vlaarena.sim.BundledScenes;
import io.vlaarena.sim.MjcfReplayProvider;
import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The web arena in a real browser (headless Chromium): a person plays a battle of two turns,
 * watches both replays (3D and rendered frames), votes with progress scores (mouse and
 * keyboard), sees the reveal and the leaderboard, on a laptop and a phone-width screen; an API
 * error reaches the person. Every test also checks that the page logged no console error and
 * fetched nothing from another origin. Screenshots go to target/web-screenshots.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WebArenaBrowserTest {
    static Arena arena;
    static ArenaService api;
    static URI base;
    static Arena failingArena;
    static ArenaService failingApi;

    private Browser browser;

    /**
     * A model that takes a little time per step (so the turn's progress shows) and swings the arm
     * around a pose of its own, so that its robot keeps moving and differs from another model's.
     */
    static Vla model(String id, long millisPerStep) {
        return Vla.stateless(VlaSpec.builder(id).name("Model " + id).actionDimension(8).build(), (obs, instruction) -> {
            try {
                Thread.sleep(millisPerStep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            double[] a = DeterministicVla.action(id, instruction).values();
            for (int i = 0; i < 7; i++) {
                a[i] += 0.8 * Math.sin(2 * Math.PI * obs.step() / 12.0 + a[(i + 1) % 8] * 3);
            }
            return ActionChunk.of(new io.vlaarena.core.Action(a));
        });
    }

    @BeforeAll
    static void start() {
        Browser.assumeInstalled();
        arena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR).maxSteps(30).seed(3)
                .model(model("policy-alpha", 25)).model(model("policy-beta", 25)).build();
        api = ArenaService.builder(arena).minVoteCount(1).webArena(MjcfReplayProvider.of(Http.SIMULATOR)).start();
        base = api.baseUri();
        Vla broken = Vla.stateless(VlaSpec.builder("broken").actionDimension(8).build(), (obs, instruction) -> {
            throw new IllegalStateException("the policy crashed");
        });
        failingArena = Arena.builder().scenes(BundledScenes.catalog()).environments(Http.SIMULATOR).maxSteps(5)
                .model(model("policy-alpha", 0)).model(broken).build();
        failingApi = ArenaService.builder(failingArena).webArena(MjcfReplayProvider.of(Http.SIMULATOR)).start();
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
            arena.close();
            failingApi.close();
            failingArena.close();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private void playTurn(String instruction) {
        browser.hook("instruction").clear();
        browser.hook("instruction").sendKeys(instruction);
        browser.hook("play-turn").click();
    }

    /** Both viewers change while playing, and show different robots at the same step. */
    private void assertBothReplaysMove(String name) {
        browser.waitForState("replay-left", "playing");
        for (String side : List.of("replay-left", "replay-right")) {
            int frame1 = browser.frame(side);
            RgbImage before = browser.picture(side);
            browser.wait.until(d -> Math.abs(browser.frame(side) - frame1) >= 5);
            RgbImage after = browser.picture(side);
            assertThat(Browser.differentPixels(before, after)).as(name + ": " + side + " moves while playing")
                    .isGreaterThan(before.width() * before.height() / 400);
            assertThat(browser.attr(side, "data-state")).isEqualTo("playing");
        }
        browser.hook("replay-play").click();
        browser.waitForState("replay-left", "paused");
        assertThat(browser.frame("replay-left")).isEqualTo(browser.frame("replay-right"));
        scrubTo(15);
        browser.wait.until(d -> browser.frame("replay-left") == 15 && browser.frame("replay-right") == 15);
        RgbImage left = browser.picture("replay-left");
        assertThat(Browser.differentPixels(left, browser.picture("replay-right")))
                .as(name + ": two policies, two different robots").isGreaterThan(left.width() * left.height() / 200);
    }

    private static String sessionOf(Browser browser) {
        return (String) browser.js("return localStorage.getItem('vla-arena.session')");
    }

    private void scrubTo(int step) {
        browser.js("const s = arguments[0]; s.value = arguments[1]; s.dispatchEvent(new Event('input', {bubbles: true}));",
                browser.hook("replay-scrub"), String.valueOf(step));
    }

    private void assertCleanPage() {
        assertThat(browser.consoleErrors()).as("console errors").isEmpty();
        assertThat(browser.foreignResources(base)).as("resources from elsewhere").isEmpty();
    }

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void playsTwoTurnsVotesWithProgressScoresAndSeesTheRevealAndTheLeaderboard() {
        browser = new Browser(1100, 860);
        browser.open(base, "/?view=3d");
        assertThat(browser.hook("robot-select").getDomProperty("value")).isEqualTo("franka");
        assertThat(browser.hook("scene-select").getDomProperty("value")).isEqualTo("table");
        browser.screenshot("battle-empty");

        playTurn("pick up the red cube");
        browser.wait.until(d -> browser.hook("turn-progress").isDisplayed());
        browser.wait.until(d -> !browser.hook("turn-progress").isDisplayed());
        browser.waitForState("replay-left", "playing");
        assertThat(browser.hook("replay-left").findElements(By.cssSelector("canvas"))).hasSize(1);
        assertThat(browser.js("return document.querySelector('#replay-left canvas').getContext('webgl2') !== null"))
                .as("the 3D view draws with WebGL").isEqualTo(true);
        assertBothReplaysMove("3D");
        browser.screenshot("battle-3d-turn1");

        playTurn("push the blue cube to the left");
        browser.wait.until(d -> {
            List<WebElement> tabs = browser.driver.findElements(By.cssSelector("#turn-tabs [role=tab]"));
            return tabs.size() == 2 && "true".equals(tabs.get(1).getDomAttribute("aria-selected"));
        });
        String secondLeft = arena.battles(sessionOf(browser)).get(0).turns().get(1)
                .leftEpisodeId();
        browser.wait.until(d -> secondLeft.equals(browser.attr("replay-left", "data-episode")));
        browser.waitForState("replay-left", "playing");
        scrubTo(12);
        browser.waitForState("replay-left", "paused");
        assertThat(browser.frame("replay-left")).isEqualTo(12);
        assertThat(browser.frame("replay-right")).isEqualTo(12);
        assertThat(browser.driver.findElement(By.id("replay-time")).getText()).isEqualTo("step 12 / 30 · 2.4 s");
        // the first turn stays replayable
        browser.driver.findElements(By.cssSelector("#turn-tabs [role=tab]")).get(0).click();
        browser.waitForState("replay-left", "playing");

        assertThat(browser.hook("revealed-left").isDisplayed()).as("blind before the vote").isFalse();
        browser.hook("progress-left").sendKeys("80");
        browser.hook("progress-right").sendKeys("15");
        browser.hook("feedback").sendKeys("A lifted the cube; B only pushed it.");
        browser.hook("vote-left_better").click();
        browser.wait.until(d -> browser.hook("revealed-left").isDisplayed());
        Vote vote = arena.votes().get(arena.votes().size() - 1);
        assertThat(browser.hook("revealed-left").getText()).isEqualTo(vote.leftModel());
        assertThat(browser.hook("revealed-right").getText()).isEqualTo(vote.rightModel());
        assertThat(vote.choice()).isEqualTo(VoteChoice.LEFT_BETTER);
        assertThat(vote.notes().leftProgress()).hasValue(80);
        assertThat(vote.notes().rightProgress()).hasValue(15);
        assertThat(vote.notes().feedback()).contains("A lifted the cube; B only pushed it.");
        assertThat(browser.hook("vote-tie").isEnabled()).as("one vote per battle").isFalse();
        scrubTo(8);
        browser.screenshot("battle-revealed");

        // a person coming back finds the battle, its turns and its reveal
        browser.driver.navigate().refresh();
        browser.wait.until(d -> "true".equals(browser.js("return document.body.dataset.ready || ''")));
        browser.wait.until(d -> browser.hook("revealed-left").isDisplayed());
        assertThat(browser.driver.findElements(By.cssSelector("#turn-tabs [role=tab]"))).hasSize(2);
        assertThat(browser.driver.findElement(By.id("history")).getText()).contains("Battle 1").contains("voted A is better");

        browser.hook("new-battle").click();
        browser.wait.until(d -> !browser.hook("revealed-left").isDisplayed());
        assertThat(browser.driver.findElement(By.id("battle-meta")).getText()).contains("Battle 2");
        assertCleanPage();

        browser.driver.findElement(By.linkText("Leaderboard")).click();
        browser.wait.until(d -> "true".equals(browser.js("return document.body.dataset.ready || ''")));
        List<WebElement> rows = browser.hook("leaderboard").findElements(By.cssSelector("tbody tr"));
        assertThat(rows).extracting(r -> r.getDomAttribute("data-model-id"))
                .containsExactly(vote.leftModel(), vote.rightModel());
        assertThat(rows.get(0).getText()).contains("1 / 0 / 0").contains("100%");
        assertThat(browser.driver.findElement(By.id("rule")).getText()).contains("at least 1 vote");
        browser.screenshot("leaderboard");
        browser.driver.findElement(By.id("by-bt")).click();
        browser.wait.until(d -> browser.hook("leaderboard").findElements(By.cssSelector("th[aria-sort]")).get(0).getText()
                .startsWith("BRADLEY"));
        assertCleanPage();
    }

    @Test
    void withoutWebGlTheServersRenderedFramesPlayInSync() {
        browser = new Browser(1280, 900, "--disable-3d-apis", "--disable-webgl");
        browser.open(base, "/");
        assertThat(browser.driver.findElement(By.id("mode-3d")).isEnabled()).as("no WebGL, no 3D").isFalse();
        playTurn("touch the green sphere");
        browser.waitForState("replay-left", "playing");
        assertThat(browser.hook("replay-left").findElements(By.cssSelector("canvas"))).hasSize(1);
        assertBothReplaysMove("frames");
        scrubTo(20);
        browser.wait.until(d -> browser.frame("replay-left") == 20 && browser.frame("replay-right") == 20);
        browser.screenshot("battle-frames");
        // the loop ends nowhere; without it the replay ends on the last step
        browser.driver.findElement(By.id("replay-loop")).click();
        browser.hook("replay-play").click();
        browser.waitForState("replay-left", "ended");
        assertThat(browser.frame("replay-left")).isEqualTo(30);
        assertCleanPage();
    }

    /** Mean grey level of 16 × 12 blocks: what a picture shows, without the renderers' fine differences. */
    private static double[] blocks(RgbImage img) {
        double[] out = new double[16 * 12];
        int[] counts = new int[out.length];
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int p = img.rgb(x, y);
                int b = (y * 12 / img.height()) * 16 + x * 16 / img.width();
                out[b] += ((p >> 16 & 255) + (p >> 8 & 255) + (p & 255)) / 3.0;
                counts[b]++;
            }
        }
        for (int i = 0; i < out.length; i++) {
            out[i] /= Math.max(1, counts[i]);
        }
        return out;
    }

    private static double distance(double[] a, double[] b) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Math.abs(a[i] - b[i]);
        }
        return d / a.length;
    }

    @Test
    void theThreeDViewAndTheRenderedFramesShowTheSameMomentAtTheSameStep() {
        browser = new Browser(1000, 800);
        browser.open(base, "/?view=3d");
        playTurn("pick up the red cube");
        browser.waitForState("replay-left", "playing");
        scrubTo(15); // dragging the scrubber pauses
        browser.wait.until(d -> browser.frame("replay-left") == 15 && "paused".equals(browser.attr("replay-left", "data-state")));
        double[] threeD = blocks(browser.picture("replay-left"));
        browser.driver.findElement(By.id("mode-frames")).click();
        browser.wait.until(d -> browser.hook("replay-left").findElements(By.cssSelector("canvas")).size() == 1
                && "ready".equals(browser.attr("replay-left", "data-state")));
        double[] framesStart = blocks(browser.picture("replay-left"));
        scrubTo(15);
        browser.wait.until(d -> browser.frame("replay-left") == 15);
        double[] framesSame = blocks(browser.picture("replay-left"));
        scrubTo(30);
        browser.wait.until(d -> browser.frame("replay-left") == 30);
        double[] framesLater = blocks(browser.picture("replay-left"));
        double same = distance(threeD, framesSame);
        assertThat(same).as("3D at step 15 looks like the rendered frame of step 15 (same viewpoint, same poses) more "
                + "than like step 0 or step 30").isLessThan(distance(threeD, framesStart))
                .isLessThan(distance(threeD, framesLater));
        assertCleanPage();
    }

    @Test
    void votesWithTheKeyboard() {
        browser = new Browser(1280, 900);
        browser.open(base, "/?view=frames");
        playTurn("pick up the red cube");
        browser.waitForState("replay-left", "playing");
        browser.driver.findElement(By.tagName("h1")).click(); // focus leaves the instruction field
        new Actions(browser.driver).sendKeys(Keys.SPACE).perform();
        browser.waitForState("replay-left", "paused");
        int at = browser.frame("replay-left");
        new Actions(browser.driver).sendKeys(Keys.ARROW_RIGHT).perform();
        browser.wait.until(d -> browser.frame("replay-left") == Math.min(30, at + 1));
        new Actions(browser.driver).sendKeys("2").perform();
        browser.wait.until(d -> browser.hook("revealed-right").isDisplayed());
        Vote vote = arena.votes().get(arena.votes().size() - 1);
        assertThat(vote.choice()).isEqualTo(VoteChoice.RIGHT_BETTER);
        assertThat(vote.notes().isEmpty()).isTrue();
        assertThat(browser.driver.findElement(By.id("reveal-text")).getText()).contains("B is better")
                .contains(vote.rightModel());
        assertCleanPage();
    }

    @Test
    void showsTheApisErrorToThePerson() {
        browser = new Browser(1280, 900);
        URI failing = failingApi.baseUri();
        browser.open(failing, "/?view=frames");
        playTurn("pick up the red cube");
        browser.wait.until(d -> browser.hook("error").isDisplayed());
        assertThat(browser.hook("error").getText()).contains("model's episode failed").contains("nothing of the turn was stored");
        assertThat(browser.hook("turn-progress").isDisplayed()).isFalse();
        assertThat(browser.hook("vote-left_better").isEnabled()).isFalse();
        browser.screenshot("battle-error");
        assertThat(browser.consoleErrors()).as("only the failed request is logged")
                .allMatch(e -> e.contains("/turns") && e.contains("500"));

        browser.open(failing, "/leaderboard?min_vote_count=-3");
        browser.wait.until(d -> browser.hook("error").isDisplayed());
        assertThat(browser.hook("error").getText())
                .isEqualTo("Query parameter 'min_vote_count' must be a non-negative integer, got '-3'");
    }

    @Test
    void fitsAPhoneWidthScreen() {
        browser = Browser.phone(390, 844);
        browser.open(base, "/?view=frames");
        playTurn("pick up the red cube");
        browser.waitForState("replay-left", "playing");
        browser.hook("replay-play").click();
        browser.waitForState("replay-left", "paused");
        Number scroll = (Number) browser.js("return document.documentElement.scrollWidth");
        Number inner = (Number) browser.js("return window.innerWidth");
        assertThat(scroll.intValue()).as("no sideways scrolling").isLessThanOrEqualTo(inner.intValue());
        var left = browser.hook("replay-left").getRect();
        var right = browser.hook("replay-right").getRect();
        assertThat(right.getY()).as("the viewers stack").isGreaterThanOrEqualTo(left.getY() + left.getHeight());
        assertThat(left.getWidth()).isGreaterThan(300);
        for (String vote : List.of("vote-left_better", "vote-right_better", "vote-tie", "vote-both_bad")) {
            var r = browser.hook(vote).getRect();
            assertThat(r.getX() + r.getWidth()).as(vote + " within the screen").isLessThanOrEqualTo(inner.intValue());
            assertThat(r.getHeight()).as(vote + " is a comfortable target").isGreaterThanOrEqualTo(44);
        }
        browser.screenshot("battle-phone");
        browser.open(base, "/leaderboard");
        assertThat(((Number) browser.js("return document.documentElement.scrollWidth")).intValue())
                .isLessThanOrEqualTo(inner.intValue());
        browser.screenshot("leaderboard-phone");
        assertCleanPage();
    }
}
